"""The learner's workspace: their own copy of the exercise notebooks.

`sync` makes it and brings the book's updates into it (`merge`, cell by
cell, never losing an answer); `progress` grades it with the grader and
prints how far the learner is.
"""
