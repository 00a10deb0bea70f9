import doctest

import pytest

import scratchnet.network


@pytest.mark.parametrize("module", [scratchnet.network])
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
