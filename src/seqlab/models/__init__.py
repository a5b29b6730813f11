"""Models of the book, one module per family.

``bow``: :class:`BagOfWordsMLP` (chapter 1).
``cnn``: :func:`conv1d_by_hand`, :class:`TextCNN` (chapter 2).
``rnn``: :class:`ElmanRNN`, the twin of ``torch.nn.RNN``, and :func:`last_valid` (chapter 4).
``classifiers``: :class:`MLPClassifier`, :class:`RNNClassifier` (chapters 3 and 4).
``bptt``: :func:`unroll`, :func:`hidden_state_grads`, :func:`hidden_state_grad_norms`,
:func:`spectral_radius`, :func:`set_spectral_radius` (chapter 4).
"""

from seqlab.models.bow import BagOfWordsMLP
from seqlab.models.bptt import (
    hidden_state_grad_norms,
    hidden_state_grads,
    set_spectral_radius,
    spectral_radius,
    unroll,
)
from seqlab.models.classifiers import MLPClassifier, RNNClassifier
from seqlab.models.cnn import TextCNN, conv1d_by_hand
from seqlab.models.rnn import ElmanRNN, last_valid

__all__ = [
    "BagOfWordsMLP",
    "ElmanRNN",
    "MLPClassifier",
    "RNNClassifier",
    "TextCNN",
    "conv1d_by_hand",
    "hidden_state_grad_norms",
    "hidden_state_grads",
    "last_valid",
    "set_spectral_radius",
    "spectral_radius",
    "unroll",
]
