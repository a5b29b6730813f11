"""Unit tests of seqlab._checks: one bad-input case per distinct message of the shared
checkers, and what each returns for good input.

The rule they all follow: the wrong kind of object (or a tensor of the wrong dtype)
is a ``TypeError``; the right kind with a wrong value, shape or size, or an empty
one, is a ``ValueError``; the message names the argument and what was expected.
The modules' tests check only that each public entry point is wired to them.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from seqlab import _checks as checks

LONG = torch.tensor([[1, 2, 3]])  # (1, 3) ids
FLOAT = torch.zeros(2, 3)

BAD_INPUT = [
    # check_str
    (lambda: checks.check_str(3, "name"), TypeError, r"^name must be a str, got int$"),
    (lambda: checks.check_str("  ", "name", allow_empty=False), ValueError,
     r"^name must be a non-empty string, got '  '$"),
    # check_type
    (lambda: checks.check_type([], "rnn", (nn.RNN, nn.GRU), "a torch.nn.RNN or GRU"), TypeError,
     r"^rnn must be a torch.nn.RNN or GRU, got list$"),
    # check_optional: the check it is given, for a value that is not None
    (lambda: checks.check_optional(checks.check_int, 0, "max_chars", minimum=1), ValueError,
     r"^max_chars must be >= 1, got 0$"),
    # check_embedding_sizes: the sizes, then the padding index
    (lambda: checks.check_embedding_sizes(5, 5, embed_dim=2), ValueError,
     r"^pad_index must be < vocab_size=5, got 5$"),
    # check_fraction
    (lambda: checks.check_fraction(1, "val_fraction"), ValueError,
     r"^val_fraction must be in \(0, 1\), got 1.0$"),
    # check_bool
    (lambda: checks.check_bool(1, "flag"), TypeError, r"^flag must be a bool, got int$"),
    # check_choice
    (lambda: checks.check_choice(3, "rnn", ("elman", "torch")), TypeError,
     r"^rnn must be a str, got int$"),
    (lambda: checks.check_choice("lstm", "rnn", ("elman", "torch")), ValueError,
     r"^rnn must be 'elman' or 'torch', got 'lstm'$"),
    (lambda: checks.check_choice("gelu", "f", ("tanh", "relu", "linear", None)), ValueError,
     r"^f must be 'tanh', 'relu', 'linear' or None, got 'gelu'$"),
    (lambda: checks.check_choice("b", "mode", ("a",)), ValueError,
     r"^mode must be 'a', got 'b'$"),
    (lambda: checks.check_choice(None, "rnn", ("elman",)), TypeError,
     r"^rnn must be a str, got NoneType$"),
    # check_int, check_sizes, check_index
    (lambda: checks.check_int(2.0, "epochs"), TypeError, r"^epochs must be an int, got float$"),
    (lambda: checks.check_int(True, "epochs"), TypeError, r"^epochs must be an int, got bool$"),
    (lambda: checks.check_int(0, "epochs", minimum=1), ValueError,
     r"^epochs must be >= 1, got 0$"),
    (lambda: checks.check_sizes(vocab_size=5, hidden_size=0), ValueError,
     r"^hidden_size must be >= 1, got 0$"),
    (lambda: checks.check_index(5, "pad_index", 5), ValueError,
     r"^pad_index must be < vocab_size=5, got 5$"),
    (lambda: checks.check_index(-1, "pad_index", 5), ValueError,
     r"^pad_index must be >= 0, got -1$"),
    # check_float
    (lambda: checks.check_float("1", "lr"), TypeError, r"^lr must be a number, got str$"),
    (lambda: checks.check_float(False, "lr"), TypeError, r"^lr must be a number, got bool$"),
    (lambda: checks.check_float(0.0, "lr", positive=True), ValueError,
     r"^lr must be > 0, got 0.0$"),
    (lambda: checks.check_float(-1.0, "rho", minimum=0), ValueError,
     r"^rho must be >= 0, got -1.0$"),
    # check_sequence, check_tokens
    (lambda: checks.check_sequence("ab", "texts", "a list of sentences (str)"), TypeError,
     r"^texts must be a list of sentences \(str\), got str$"),
    (lambda: checks.check_sequence([], "texts", "a list", item="sentence"), ValueError,
     r"^texts must contain at least one sentence$"),
    (lambda: checks.check_sequence(["a", 3], "texts", "a list", of=str), TypeError,
     r"^texts must contain only str, found int$"),
    (lambda: checks.check_iterable(3, "gaps", "an iterable of ints"), TypeError,
     r"^gaps must be an iterable of ints, got int$"),
    (lambda: checks.check_iterable(iter(()), "gaps", "an iterable", item="gap"), ValueError,
     r"^gaps must contain at least one gap$"),
    (lambda: checks.check_tokens("the movie"), TypeError,
     r"^tokens must be a list of str tokens \(use seqlab.text.tokenize first\), got str$"),
    (lambda: checks.check_tokens(["the", 3]), TypeError,
     r"^tokens must contain only str, found int$"),
    # check_tensor
    (lambda: checks.check_tensor([1.0], "x"), TypeError, r"^x must be a torch.Tensor, got list$"),
    (lambda: checks.check_tensor(torch.zeros(4), "x", ndim=(2, 3)), ValueError,
     r"^x must have 2 or 3 dimensions, got 1 \(shape \(4,\)\)$"),
    (lambda: checks.check_tensor(LONG, "x", floating=True), TypeError,
     r"^x must be a floating-point tensor, got dtype torch.int64$"),
    (lambda: checks.check_tensor(FLOAT, "ids", floating=False), TypeError,
     r"^ids must be an integer tensor, got dtype torch.float32$"),
    (lambda: checks.check_tensor(torch.tensor([True]), "ids", floating=False), TypeError,
     r"^ids must be an integer tensor, got dtype torch.bool$"),
    (lambda: checks.check_tensor(FLOAT.double(), "x", dtype=torch.float32), TypeError,
     r"^x must have the model's dtype torch.float32, got torch.float64 "
     r"\(convert with x.to\(torch.float32\)\)$"),
    # check_dim_size, check_time_steps
    (lambda: checks.check_dim_size(FLOAT, "x", -1, 4, "input_size=4 features"), ValueError,
     r"^x must have input_size=4 features, got shape \(2, 3\)$"),
    (lambda: checks.check_time_steps(torch.zeros(2, 0), "x"), ValueError,
     r"^x must have at least one time step, got shape \(2, 0\)$"),
    # check_lengths
    (lambda: checks.check_lengths(torch.tensor([3]), 2, 3), ValueError,
     r"^lengths must have one entry per sequence \(2\), got 1$"),
    (lambda: checks.check_lengths(torch.tensor([3, 0]), 2, 3), ValueError,
     r"^lengths must be >= 1 \(no empty sequences\), got 0$"),
    (lambda: checks.check_lengths(torch.tensor([4, 1]), 2, 3, "source_lengths"), ValueError,
     r"^source_lengths must be <= the padded length T=3, got 4$"),
    (lambda: checks.check_lengths(torch.tensor([1.0]), 1, 3), TypeError,
     r"^lengths must be an integer tensor"),
    # check_id_list
    (lambda: checks.check_id_list(LONG, 5), ValueError,
     r"^ids must have 1 dimensions, got 2 \(shape \(1, 3\)\)$"),
    (lambda: checks.check_id_list(torch.tensor([1.0]), 5), TypeError,
     r"^ids must be an integer tensor, got dtype torch.float32$"),
    (lambda: checks.check_id_list("12", 5), TypeError, r"^ids must be a sequence of int, got str$"),
    (lambda: checks.check_id_list([1, 2.0], 5), TypeError, r"^ids\[1\] must be an int, got float$"),
    (lambda: checks.check_id_list([1, 5], 5), ValueError,
     r"^ids\[1\] must be < len\(vocab\)=5, got 5$"),
    (lambda: checks.check_id_list([-1], 5), ValueError, r"^ids\[0\] must be >= 0, got -1$"),
    # check_module
    (lambda: checks.check_module(3), TypeError, r"^model must be a torch.nn.Module, got int$"),
    # check_token_ids
    (lambda: checks.check_token_ids(torch.zeros(2, 0, dtype=torch.long), 5), ValueError,
     r"^token_ids must have at least one time step, got shape \(2, 0\)$"),
    (lambda: checks.check_token_ids(torch.tensor([[1, 5]]), 5), ValueError,
     r"^token_ids contains id 5, outside the model's vocabulary 0..4 \(vocab_size=5\); "
     r"was it encoded with another vocabulary\?$"),
    (lambda: checks.check_token_ids(torch.tensor([-1, 2]), 5, "ids", ndim=1), ValueError,
     r"^ids contains id -1, outside the model's vocabulary"),
    (lambda: checks.check_token_ids(torch.tensor([1, 2]), 5), ValueError,
     r"^token_ids must have 2 dimensions, got 1"),
    # check_models
    (lambda: checks.check_models([nn.Linear(1, 1)]), TypeError,
     r"^models must be a mapping from a name to a torch.nn.Module, got list$"),
    (lambda: checks.check_models({}), ValueError,
     r"^models must be a non-empty mapping from a name to a torch.nn.Module$"),
    (lambda: checks.check_models({1: nn.Linear(1, 1)}), TypeError,
     r"^models' keys must be model names \(str\), got int$"),
    (lambda: checks.check_models({"a": 3}), TypeError,
     r"^models\['a'\] must be a torch.nn.Module, got int$"),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_INPUT,
                         ids=[case[2] for case in BAD_INPUT])
def test_each_checker_raises_its_documented_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_checkers_return_what_they_accepted():
    model = nn.Linear(1, 1)
    assert checks.check_str("", "name") == ""
    assert checks.check_type(model, "model", (nn.Linear, nn.RNN), "a layer") is model
    assert checks.check_bool(False, "flag") is False
    assert checks.check_choice("torch", "rnn", ("elman", "torch")) == "torch"
    assert checks.check_choice(None, "f", ("tanh", None)) is None
    assert checks.check_int(0, "n", minimum=0) == 0
    assert checks.check_sizes(vocab_size=5, hidden_size=2) == [5, 2]
    assert checks.check_index(4, "pad_index", 5) == 4
    assert checks.check_float(2, "lr", positive=True) == 2.0
    assert isinstance(checks.check_float(2, "lr"), float)
    assert checks.check_float(0, "rho", minimum=0) == 0.0
    assert checks.check_sequence((2, 3), "kernel_sizes", "a sequence", item="width") == [2, 3]
    assert checks.check_iterable((n for n in (2, 3)), "gaps", "an iterable", of=int) == [2, 3]
    assert checks.check_tokens(("a", "b")) == ["a", "b"]
    assert checks.check_tokens([]) == []
    assert checks.check_tensor(FLOAT, "x", ndim=2, floating=True, dtype=torch.float32) is FLOAT
    assert checks.check_dim_size(FLOAT, "x", 0, 2, "two rows") is FLOAT
    assert checks.check_time_steps(FLOAT, "x") is FLOAT
    lengths = torch.tensor([3, 1])
    assert checks.check_lengths(lengths, 2, 3) is lengths
    assert checks.check_lengths(torch.zeros(0, dtype=torch.long), 0, 3).shape == (0,)
    assert checks.check_id_list(torch.tensor([0, 4]), 5) == [0, 4]
    assert checks.check_module(model) is model
    assert checks.check_token_ids(LONG, 4) is LONG
    assert checks.check_token_ids(torch.zeros(0, 3, dtype=torch.long), 4).shape == (0, 3)
    assert checks.check_models({"m": model}) == {"m": model}
    assert checks.check_fraction(0.25, "val_fraction") == 0.25
    assert checks.check_optional(checks.check_int, None, "max_chars", minimum=1) is None
    assert checks.check_optional(checks.check_int, 3, "max_chars", minimum=1) == 3
    assert checks.check_embedding_sizes(5, 0, embed_dim=2, hidden_size=3) == [5, 2, 3]
