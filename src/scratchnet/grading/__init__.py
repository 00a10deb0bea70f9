"""Exercises with instant feedback, and an autograder for folders of submissions.

- `check(question_id, answer)`: feedback in the learner's notebook.
- ``scratchnet-grade SUBMISSION.ipynb...`` (`cli`): grades notebooks in
  sandboxed processes (`runner`, `sandbox`), isolated by the kernel where
  it can (`isolation`), and writes Gradescope results and a gradebook
  (`report`).
- `questions`: every question, defined once (`question.Question`).
"""
from .feedback import check

__all__ = ["check"]
