"""Trains a small LSTM in PyTorch and writes it as safetensors, for the chapter "From here to
PyTorch" (Chapters/11-to-pytorch.md), which loads it with the book's library and looks at its gates.

The task: a sequence of 10 symbols from {0, 1, 2, 3}, one-hot; at the end, say which symbol came
first. The LSTM must write the first symbol into its memory and keep it through nine distractors.

    pip install torch safetensors numpy
    python3 Chapters/pytorch/make_fixture.py

first-symbol-lstm.safetensors    the state dict of FirstSymbol below (float32, PyTorch's default)
first-symbol-check.safetensors   8 test sequences and PyTorch's scores for them, to compare with

PyTorch's training is seeded but not promised to give the same bits on another machine or version;
the committed files are the ones the chapter's numbers come from (written with torch 2.15, CPU).
"""
import os

import torch
import torch.nn as nn
from safetensors.torch import save_file

here = os.path.dirname(os.path.abspath(__file__))
symbols, steps, hidden = 4, 10, 8


class FirstSymbol(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(symbols, hidden)  # time-major input: (steps, batch, symbols)
        self.head = nn.Linear(hidden, symbols)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[-1])  # scores of the first symbol, from the last step's h


def batch(size, generator):
    s = torch.randint(0, symbols, (steps, size), generator=generator)
    return nn.functional.one_hot(s, symbols).float(), s[0]


torch.manual_seed(11)
g = torch.Generator().manual_seed(12)
model = FirstSymbol()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(1500):
    x, y = batch(64, g)
    loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
x, y = batch(1000, g)
with torch.no_grad():
    accuracy = (model(x).argmax(1) == y).float().mean().item()
print(f"last training loss {loss.item():.4f}, accuracy on 1000 new sequences {accuracy:.3f}")

save_file(
    model.state_dict(),
    os.path.join(here, "first-symbol-lstm.safetensors"),
    metadata={"task": "first of 10 symbols 0-3, one-hot, time-major", "framework": f"torch {torch.__version__.split('+')[0]}"},
)
x, _ = batch(8, g)
with torch.no_grad():
    save_file({"x": x, "scores": model(x)}, os.path.join(here, "first-symbol-check.safetensors"))
