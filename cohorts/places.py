"""How many mentees a mentor takes: the one rule the class start page and matching share.

One-to-one: what the mentor said in their trust profile ("How many mentees can you take?"),
one without a profile. Group: the smaller of the program's group size and what they said; the
group size without a profile. Peer circles have no mentors.
"""

from programs.models import Program, Structure

DEFAULT_GROUP_SIZE = 3


def mentor_places(program: Program, profile_capacity: int | None) -> int:
    """Places one mentor offers in ``program``; ``profile_capacity`` is their trust profile's
    answer, ``None`` without a profile."""
    if program.structure == Structure.GROUP:
        group_size = program.group_size or DEFAULT_GROUP_SIZE
        return group_size if profile_capacity is None else min(group_size, profile_capacity)
    return profile_capacity if profile_capacity is not None else 1
