"""Models of the book, one module per family.

``baselines``: the models without a recurrent state: :class:`BagOfWordsMLP` (chapter 1)
and the count-based :class:`BigramModel` and :class:`NGramModel` (chapter 7).
``cnn``: :func:`conv1d_by_hand`, :class:`TextCNN`, and reading its filters:
:func:`ngram_activations`, :func:`top_filters` (chapter 2).
``rnn``: :class:`ElmanRNN`, the twin of ``torch.nn.RNN``, :func:`last_valid` and
:func:`padding_mask` (chapter 4).
``classifiers``: :class:`MLPClassifier`, :class:`RNNClassifier` and their parameter
counts (chapters 3 and 4).
``bptt``: :func:`unroll`, :func:`hidden_state_grads`, :func:`hidden_state_grad_norms`,
:func:`spectral_radius`, :func:`set_spectral_radius` (chapter 4).
``char``: :class:`CharRNN`, :func:`train_char_rnn`, :func:`sample` (chapter 7).
``tasks``: :class:`OneToOneRNN`, :class:`OneToManyRNN`, :class:`SequenceTagger`,
:class:`Seq2SeqRNN` and :class:`RNNDecoder` (chapter 5).

Each module's ``__all__`` is its list of public names; this package re-exports
them all, and its ``__all__`` is built from theirs, so a name is listed once.
"""

from seqlab.models import baselines, bptt, char, classifiers, cnn, rnn, tasks
from seqlab.models.baselines import *  # noqa: F403
from seqlab.models.bptt import *  # noqa: F403
from seqlab.models.char import *  # noqa: F403
from seqlab.models.classifiers import *  # noqa: F403
from seqlab.models.cnn import *  # noqa: F403
from seqlab.models.rnn import *  # noqa: F403
from seqlab.models.tasks import *  # noqa: F403

__all__ = [
    *baselines.__all__,
    *cnn.__all__,
    *rnn.__all__,
    *classifiers.__all__,
    *bptt.__all__,
    *char.__all__,
    *tasks.__all__,
]
