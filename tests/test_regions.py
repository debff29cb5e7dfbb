"""Offset ranges looked up by binary search (extraction.regions): the same answers as a scan of
every range, and a lookup per line stays linear in a long document."""
import random

from extraction.regions import Regions


def test_lookups_answer_as_a_scan_of_every_range_does():
    rng = random.Random(7)
    ranges = [(a, a + rng.randint(1, 40)) for a in rng.sample(range(0, 2000, 50), 30)]
    regions = Regions(ranges)
    for p in range(0, 2100, 7):
        assert regions.holds(p) == any(a <= p < b for a, b in ranges)
    for a in range(0, 2100, 13):
        b = a + 9
        assert regions.covers(a, b) == any(x <= a and b <= y for x, y in ranges)
        assert regions.overlaps(a, b) == any(x < b and a < y for x, y in ranges)
    assert regions.holds_any([5000, ranges[0][0]]) and not Regions([]).holds_any([1, 2])


def test_overlapping_ranges_merge_and_touching_ones_stay_apart():
    regions = Regions([(10, 20), (15, 30), (30, 40)])
    assert regions.covers(12, 28) and regions.holds(35)
    assert not regions.covers(25, 35)  # two ranges that only touch are not one
