"""seqlab: the small package behind the book *Modeling Sequence Data*.

Modules: :mod:`seqlab.text` (tokens, vocabulary, bags of words, n-grams),
:mod:`seqlab.data` (the lecture pair, minimal pairs, padding),
:mod:`seqlab.models`, :mod:`seqlab.train`, :mod:`seqlab.viz`, :mod:`seqlab.widgets`.
"""

__version__ = "0.1.0"
