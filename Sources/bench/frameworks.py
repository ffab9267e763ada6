"""The book's benchmark workloads in PyTorch and JAX, in float64, for `make bench-frameworks`.

One training step, as in Sources/bench/Workload.swift: a recurrent layer (tanh RNN, LSTM or GRU)
over the whole sequence, a Linear head on the last step's output, the MSE against a target, full
backpropagation through time, and an Adam update of every parameter (layer and head).

- PyTorch: nn.RNN / nn.LSTM / nn.GRU + nn.Linear + torch.optim.Adam, all torch.float64.
- JAX: the same cells written with lax.scan (input projection of all steps in one product first,
  as cuDNN and the book's library do), jax.value_and_grad, and a hand-written Adam (PyTorch's
  formula); the whole step, Adam included, is one jitted function.

Prints steps per second (median of several timed runs after a warm-up) and writes them to
--out, one line per measurement, `W1-RNN torch 612.5`, after a line naming the session (the
machine's boot id and the time); `make bench` shows them beside its own in the same session only.

    python frameworks.py [--quick] [--only W1-RNN,W3-LSTM] [--frameworks torch,jax] [--out FILE]
"""

import argparse
import statistics
import sys
import time

# name, cell, input, hidden, batch, steps: the same table as Workload.all in Workload.swift.
WORKLOADS = [
    ("W1-RNN", "rnn", 1, 64, 32, 50),
    ("W1-LSTM", "lstm", 1, 64, 32, 50),
    ("W1-GRU", "gru", 1, 64, 32, 50),
    ("W2-GRU", "gru", 32, 256, 64, 100),
    ("W3-LSTM", "lstm", 256, 1024, 64, 50),
]


def time_steps(step, quick, large):
    """Warm up, then time runs of a fixed number of steps; returns the median steps per second."""
    step()
    step()  # compiles (JAX) and settles the allocator (both)
    if large:
        runs, per_run = (2 if quick else 5), 1
    else:
        start = time.perf_counter()
        n = 0
        while time.perf_counter() - start < (0.1 if quick else 0.3):
            step()
            n += 1
        per_step = (time.perf_counter() - start) / n
        runs, per_run = (3 if quick else 7), max(1, round((0.15 if quick else 0.4) / per_step))
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(per_run):
            step()
        rates.append(per_run / (time.perf_counter() - start))
    return statistics.median(rates)


def torch_step(cell, input_size, hidden, batch, steps):
    import torch

    torch.manual_seed(7)
    kind = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    layer = kind(input_size, hidden, dtype=torch.float64)  # (steps, batch, input) layout
    head = torch.nn.Linear(hidden, 1, dtype=torch.float64)
    params = list(layer.parameters()) + list(head.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-3)
    x = torch.randn(steps, batch, input_size, dtype=torch.float64)
    y = torch.randn(batch, 1, dtype=torch.float64)
    loss_fn = torch.nn.MSELoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        out, _ = layer(x)
        loss = loss_fn(head(out[-1]), y)
        loss.backward()
        optimizer.step()
        return loss.item()  # waits for the step, like the library's returned loss

    return step


def jax_step(cell, input_size, hidden, batch, steps):
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    from jax import lax

    gates = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    key = jax.random.PRNGKey(7)
    k = 1 / hidden**0.5
    keys = jax.random.split(key, 8)

    def uniform(key, shape, bound):
        return jax.random.uniform(key, shape, jnp.float64, -bound, bound)

    params = {
        "w_ih": uniform(keys[0], (gates * hidden, input_size), k),
        "w_hh": uniform(keys[1], (gates * hidden, hidden), k),
        "b_ih": uniform(keys[2], (gates * hidden,), k),
        "b_hh": uniform(keys[3], (gates * hidden,), k),
        "w": uniform(keys[4], (1, hidden), k),
        "b": uniform(keys[5], (1,), k),
    }
    x = jax.random.normal(keys[6], (steps, batch, input_size), jnp.float64)
    y = jax.random.normal(keys[7], (batch, 1), jnp.float64)

    def last_hidden(p, x):
        projected = x @ p["w_ih"].T + p["b_ih"]  # every step's input part at once: (steps, batch, G·hidden)
        h0 = jnp.zeros((batch, hidden), jnp.float64)
        if cell == "rnn":

            def f(h, a):
                h = jnp.tanh(a + h @ p["w_hh"].T + p["b_hh"])
                return h, None

            h, _ = lax.scan(f, h0, projected)
            return h
        if cell == "gru":

            def f(h, a):
                r_i, z_i, n_i = jnp.split(a, 3, axis=1)
                r_h, z_h, n_h = jnp.split(h @ p["w_hh"].T + p["b_hh"], 3, axis=1)
                r = jax.nn.sigmoid(r_i + r_h)
                z = jax.nn.sigmoid(z_i + z_h)
                n = jnp.tanh(n_i + r * n_h)
                return (1 - z) * n + z * h, None

            h, _ = lax.scan(f, h0, projected)
            return h

        def f(state, a):
            h, c = state
            i, f_, g, o = jnp.split(a + h @ p["w_hh"].T + p["b_hh"], 4, axis=1)
            c = jax.nn.sigmoid(f_) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h = jax.nn.sigmoid(o) * jnp.tanh(c)
            return (h, c), None

        (h, _), _ = lax.scan(f, (h0, h0), projected)
        return h

    def loss_fn(p):
        prediction = last_hidden(p, x) @ p["w"].T + p["b"]
        return jnp.mean((prediction - y) ** 2)

    b1, b2, eps, lr = 0.9, 0.999, 1e-8, 1e-3

    @jax.jit
    def train_step(p, m, v, t):
        loss, g = jax.value_and_grad(loss_fn)(p)
        t = t + 1
        m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, m, g)
        v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, v, g)
        step_size = lr / (1 - b1**t)
        root_c2 = jnp.sqrt(1 - b2**t)
        p = jax.tree_util.tree_map(lambda p, m, v: p - step_size * m / (jnp.sqrt(v) / root_c2 + eps), p, m, v)
        return p, m, v, t, loss

    state = [params, jax.tree_util.tree_map(jnp.zeros_like, params), jax.tree_util.tree_map(jnp.zeros_like, params), 0.0]

    def step():
        p, m, v, t, loss = train_step(*state)
        state[:] = [p, m, v, t]
        return float(loss)  # blocks until the step is done

    return step


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer, shorter timed runs")
    parser.add_argument("--only", default="", help="comma-separated workload names")
    parser.add_argument("--frameworks", default="torch,jax", help="comma-separated: torch, jax")
    parser.add_argument("--out", default=".build-bench-py/results.txt", help="where to write the figures")
    args = parser.parse_args()
    only = [n for n in args.only.split(",") if n]
    frameworks = [f for f in args.frameworks.split(",") if f]
    makers = {"torch": torch_step, "jax": jax_step}

    lines = []
    for framework in frameworks:
        try:
            __import__(framework)
        except ImportError:
            print(f"{framework}: not installed, skipped", file=sys.stderr)
            continue
        for name, cell, input_size, hidden, batch, steps in WORKLOADS:
            if only and name not in only:
                continue
            step = makers[framework](cell, input_size, hidden, batch, steps)
            rate = time_steps(step, args.quick, large=(name == "W3-LSTM"))
            print(f"{name:8} {framework:6} {rate:10.3f} steps/s", flush=True)
            lines.append(f"{name} {framework} {rate:.4f}\n")

    if lines:
        # The session the figures belong to: this boot of the machine and the time of writing.
        # `make bench` shows them only in the same session (same boot, written recently).
        with open("/proc/sys/kernel/random/boot_id") as f:
            boot = f.read().strip()
        with open(args.out, "w") as f:
            f.write("# steps/s, float64, written by Sources/bench/frameworks.py\n")
            f.write(f"# session boot={boot} time={int(time.time())}\n")
            f.writelines(lines)


if __name__ == "__main__":
    main()
