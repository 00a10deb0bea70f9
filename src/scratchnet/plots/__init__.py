"""Figures for the book, drawn with matplotlib over pure functions.

`matrices`: one step of a matrix computation drawn as grids of numbers,
with the cell being computed lit up and the cells it comes from marked.
"""
from .matrices import draw_matrix_step, explain_cell, matrix_step_figure, source_cells

__all__ = ["draw_matrix_step", "explain_cell", "matrix_step_figure", "source_cells"]
