"""The Python twin of common.js's seeded random numbers."""
import numpy as np
import pytest

from scratchnet.widgets.seeded import normal, random_generator, uniforms


def test_uniforms_are_mulberry32():
    # The first draws of common.js's randomGenerator(0), printed by Chromium.
    np.testing.assert_array_equal(uniforms(0, 3),
                                  [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197])


@pytest.mark.parametrize("seed", [0, 1, 12345, 2**32 - 1, 2**32 + 7])
def test_all_at_once_equals_one_at_a_time(seed):
    random = random_generator(seed)
    np.testing.assert_array_equal(uniforms(seed, 500), [random() for _ in range(500)])


def test_random_numbers_are_uniform_and_seeded():
    draws = [random_generator(5)() for _ in range(3)]
    assert draws[0] == draws[1] == draws[2]  # a fresh generator starts afresh
    values = uniforms(5, 20_000)
    assert values.min() >= 0 and values.max() < 1
    assert abs(values.mean() - 0.5) < 0.01
    assert not np.array_equal(uniforms(6, 3), values[:3])


def test_box_muller_gives_standard_normal_numbers():
    random = random_generator(1)
    values = np.array([normal(random) for _ in range(20_000)])
    assert abs(values.mean()) < 0.03
    assert abs(values.std() - 1) < 0.03
