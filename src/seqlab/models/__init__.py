"""Models of the book, one module per family.

``bow``: :class:`BagOfWordsMLP`.
"""

from seqlab.models.bow import BagOfWordsMLP

__all__ = ["BagOfWordsMLP"]
