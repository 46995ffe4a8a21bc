"""featide on Ray: backfill and fleet simulation of a featide project over many devices.

The driver only partitions, schedules and collects: every feature value and decision comes
from `featide shard` processes, the same Swift engine a device runs.
"""
