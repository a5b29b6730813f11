"""Models of the book, one module per family.

``bow``: :class:`BagOfWordsMLP` (chapter 1).
``cnn``: :func:`conv1d_by_hand`, :class:`TextCNN` (chapter 2).
``cnn_analysis``: :func:`ngram_activations`, :func:`top_filters` (chapter 2).
``rnn``: :class:`ElmanRNN`, the twin of ``torch.nn.RNN``, and :func:`last_valid` (chapter 4).
``classifiers``: :class:`MLPClassifier`, :class:`RNNClassifier` and their parameter
counts (chapters 3 and 4).
``bptt``: :func:`unroll`, :func:`hidden_state_grads`, :func:`hidden_state_grad_norms`,
:func:`spectral_radius`, :func:`set_spectral_radius` (chapter 4).
``char``: :class:`CharRNN`, :func:`train_char_rnn`, :func:`sample`, :class:`BigramModel`
(chapter 7).
``tasks``: :class:`OneToOneRNN`, :class:`OneToManyRNN`, :class:`SequenceTagger`,
:class:`Seq2SeqRNN` and :class:`RNNDecoder` (chapter 5).
"""

from seqlab.models.bow import BagOfWordsMLP
from seqlab.models.bptt import (
    hidden_state_grad_norms,
    hidden_state_grads,
    set_spectral_radius,
    spectral_radius,
    unroll,
)
from seqlab.models.char import (
    BigramModel,
    CharRNN,
    CharRNNHistory,
    evaluate_char_rnn,
    next_char_logits,
    sample,
    temperature_softmax,
    train_char_rnn,
)
from seqlab.models.classifiers import (
    MLPClassifier,
    RNNClassifier,
    mlp_parameter_count,
    rnn_parameter_count,
)
from seqlab.models.cnn import TextCNN, conv1d_by_hand
from seqlab.models.cnn_analysis import FilterSummary, ngram_activations, top_filters
from seqlab.models.rnn import ElmanRNN, last_valid
from seqlab.models.tasks import OneToManyRNN, OneToOneRNN, RNNDecoder, Seq2SeqRNN, SequenceTagger

__all__ = [
    "BigramModel",
    "CharRNN",
    "CharRNNHistory",
    "evaluate_char_rnn",
    "next_char_logits",
    "sample",
    "temperature_softmax",
    "train_char_rnn",
    "BagOfWordsMLP",
    "ElmanRNN",
    "FilterSummary",
    "MLPClassifier",
    "RNNClassifier",
    "TextCNN",
    "conv1d_by_hand",
    "hidden_state_grad_norms",
    "hidden_state_grads",
    "last_valid",
    "mlp_parameter_count",
    "rnn_parameter_count",
    "ngram_activations",
    "set_spectral_radius",
    "spectral_radius",
    "top_filters",
    "unroll",
    "OneToManyRNN",
    "OneToOneRNN",
    "RNNDecoder",
    "Seq2SeqRNN",
    "SequenceTagger",
]
