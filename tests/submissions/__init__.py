"""Submissions for the grader's tests, built from the solution notebooks."""
