"""Writes the safetensors fixtures that the Serialization tests read, with the reference
implementation (Hugging Face's `safetensors.numpy`), so that the library's reader is tested on files
it did not write.

    pip install safetensors numpy
    python3 Tests/RNNKitTests/Fixtures/make_safetensors.py

gru_state.safetensors  a GRU's state dict as `nn.GRU(3, 4)` names and shapes it (F64), with metadata
gru_check.safetensors  an input batch, the GRU's outputs on it (computed here with PyTorch's
                       equations in NumPy), and one weight again as F32
"""
import os

import numpy as np
from safetensors.numpy import save_file

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(2026)
inp, hidden, steps, batch = 3, 4, 5, 2
k = 1 / np.sqrt(hidden)
state = {
    "weight_ih_l0": rng.uniform(-k, k, (3 * hidden, inp)),
    "weight_hh_l0": rng.uniform(-k, k, (3 * hidden, hidden)),
    "bias_ih_l0": rng.uniform(-k, k, 3 * hidden),
    "bias_hh_l0": rng.uniform(-k, k, 3 * hidden),
}
x = rng.normal(size=(steps, batch, inp))


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


# torch.nn.GRU, gates in the order r, z, n, b_hn inside the reset product.
h = np.zeros((batch, hidden))
outputs = []
for t in range(steps):
    gi = x[t] @ state["weight_ih_l0"].T + state["bias_ih_l0"]
    gh = h @ state["weight_hh_l0"].T + state["bias_hh_l0"]
    r = sigmoid(gi[:, :hidden] + gh[:, :hidden])
    z = sigmoid(gi[:, hidden:2 * hidden] + gh[:, hidden:2 * hidden])
    n = np.tanh(gi[:, 2 * hidden:] + r * gh[:, 2 * hidden:])
    h = (1 - z) * n + z * h
    outputs.append(h)

save_file(state, os.path.join(here, "gru_state.safetensors"), metadata={"format": "pt", "module": "torch.nn.GRU(3, 4)"})
save_file(
    {
        "input": x,
        "output": np.stack(outputs),
        "weight_ih_l0_f32": state["weight_ih_l0"].astype(np.float32),
    },
    os.path.join(here, "gru_check.safetensors"),
)
