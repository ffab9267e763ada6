#!/usr/bin/env python3
"""Reference values for RNNKit's LSTM, GRU and stacked-layer tests, computed without RNNKit.

Run from the repository root:

    python3 Tests/RNNKitTests/Fixtures/make_reference.py

It writes Tests/RNNKitTests/Fixtures/ReferenceValues.swift. Everything here is NumPy in float64,
written from PyTorch's documented equations for nn.LSTM and nn.GRU (gate order i f g o and r z n,
weights (gates*hidden x input), y = x W^T + b, b_hn inside the reset product,
h' = (1 - z) * n + z * h). The backward passes are derived by hand, independently of the Swift
code, and the script checks them against central finite differences before writing anything.

The loss that the gradients are taken of is linear in the outputs, so the Swift tests can feed
the same upstream gradients straight into `backward`:

    L = sum_t sum(R[t] * h_t) + sum(R_H * h_T) + sum(R_C * c_T)     (the GRU has no c term)

Stacked cases: two layers, layer 1 fed layer 0's outputs times a fixed inverted-dropout mask
(entries 0 or 1/(1 - p) = 2 for p = 0.5); the loss adds the final states of both layers.
"""

import os

import numpy as np

# ---------------------------------------------------------------------------------------------
# Fixed inputs: input 3, hidden 2, batch 2, 4 steps. Literal values, so the case never changes.

LSTM_W_IH = np.array([[0.28, -0.46, -0.30], [0.48, 0.79, -0.57], [-0.67, -0.51, -0.22], [-0.53, 0.14, 0.19],
                      [-0.63, 0.11, -0.79], [-0.06, 0.76, 0.48], [0.15, -0.28, -0.47], [-0.09, -0.36, 0.60]])
LSTM_W_HH = np.array([[-0.46, -0.36], [0.49, -0.37], [-0.37, -0.69], [-0.05, -0.38],
                      [0.62, -0.34], [0.44, -0.02], [-0.05, 0.74], [0.64, -0.67]])
LSTM_B_IH = np.array([[-0.41, -0.50, 0.65, 0.09, -0.21, 0.53, -0.24, 0.29]])
LSTM_B_HH = np.array([[-0.43, -0.76, 0.31, -0.26, -0.25, -0.36, -0.40, 0.11]])

GRU_W_IH = np.array([[-0.27, -0.12, -0.48], [0.01, 0.14, -0.13], [-0.15, 0.71, -0.72],
                     [-0.28, 0.03, 0.16], [-0.73, -0.41, -0.71], [-0.79, -0.28, -0.15]])
GRU_W_HH = np.array([[0.57, -0.78], [0.35, -0.07], [0.14, -0.57], [0.48, -0.19], [-0.14, 0.11], [-0.38, -0.10]])
GRU_B_IH = np.array([[-0.58, 0.32, -0.64, -0.35, -0.45, -0.59]])
GRU_B_HH = np.array([[0.08, -0.48, 0.40, -0.35, 0.75, 0.10]])

# The second layer of the stacked cases (input 2 = hidden of layer 0). The GRU uses the first 6 rows.
L1_W_IH = np.array([[-0.66, 0.19], [-0.47, -0.20], [-0.47, -0.35], [0.18, 0.01],
                    [-0.77, 0.67], [-0.41, -0.02], [-0.59, -0.19], [0.45, -0.42]])
L1_W_HH = np.array([[0.55, 0.18], [0.21, 0.65], [0.02, -0.58], [0.22, 0.22],
                    [0.48, -0.60], [-0.45, 0.69], [0.10, -0.47], [-0.12, -0.17]])
L1_B_IH = np.array([[-0.59, 0.15, -0.72, -0.70, -0.39, -0.21, 0.10, 0.65]])
L1_B_HH = np.array([[-0.43, -0.56, -0.59, -0.68, -0.55, -0.45, 0.72, 0.60]])

H0 = np.array([[-0.57, 0.45], [-0.79, 0.26]])
C0 = np.array([[-0.30, -0.23], [-0.44, 0.10]])
H0_L1 = np.array([[0.12, -0.34], [0.56, 0.07]])
C0_L1 = np.array([[0.21, 0.43], [-0.18, -0.65]])

XS = np.array([[[0.86, 0.66, 0.63], [0.02, 0.95, 0.68]],
               [[0.25, 0.78, -0.82], [-0.56, 0.81, -0.64]],
               [[-0.83, -0.22, 0.43], [0.19, 0.06, 0.49]],
               [[0.67, -0.96, 0.79], [0.20, 0.75, -0.02]]])

# Loss coefficients: dL/dh_t from above, and dL/d(final state).
R = np.array([[[-0.33, -0.73], [0.47, -0.76]],
              [[0.67, -0.64], [-0.86, 0.35]],
              [[0.03, -0.64], [-0.92, -0.43]],
              [[0.73, -0.25], [0.54, 0.97]]])
R_H = np.array([[0.63, 0.97], [-0.03, 0.90]])
R_C = np.array([[-0.61, -0.62], [0.39, 0.93]])
R_H_L0 = np.array([[0.28, 0.15], [0.73, -0.45]])   # stacked: final h of layer 0
R_C_L0 = np.array([[0.76, -0.88], [-0.57, 0.62]])  # stacked: final c of layer 0

# Inverted-dropout mask between the stacked layers, p = 0.5: kept entries are scaled by 2.
MASK = np.array([[[2.0, 0.0], [2.0, 2.0]],
                 [[0.0, 2.0], [2.0, 0.0]],
                 [[2.0, 2.0], [0.0, 2.0]],
                 [[2.0, 0.0], [0.0, 0.0]]])


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


# ---------------------------------------------------------------------------------------------
# LSTM

def lstm_forward(p, xs, h0, c0):
    W_ih, W_hh, b_ih, b_hh = p
    H = W_hh.shape[1]
    h, c = h0, c0
    hs, steps = [], []
    for x in xs:
        a = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
        i, f = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H])
        g, o = np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])
        c_new = f * c + i * g
        h_new = o * np.tanh(c_new)
        steps.append((x, h, c, i, f, g, o, c_new))
        h, c = h_new, c_new
        hs.append(h)
    return np.array(hs), h, c, steps


def lstm_backward(p, steps, dhs, dh_final, dc_final):
    W_ih, W_hh, _, _ = p
    grads = [np.zeros_like(w) for w in p]
    dxs = [None] * len(steps)
    dh_next, dc_next = dh_final, dc_final
    for t in reversed(range(len(steps))):
        x, h_prev, c_prev, i, f, g, o, c = steps[t]
        dh = dhs[t] + dh_next
        tc = np.tanh(c)
        do = dh * tc
        dc = dc_next + dh * o * (1 - tc ** 2)
        di, df, dg = dc * g, dc * c_prev, dc * i
        da = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=1)
        grads[0] += da.T @ x
        grads[1] += da.T @ h_prev
        grads[2] += da.sum(axis=0, keepdims=True)
        grads[3] += da.sum(axis=0, keepdims=True)
        dxs[t] = da @ W_ih
        dh_next = da @ W_hh
        dc_next = dc * f
    return grads, np.array(dxs), dh_next, dc_next


# ---------------------------------------------------------------------------------------------
# GRU

def gru_forward(p, xs, h0):
    W_ih, W_hh, b_ih, b_hh = p
    H = W_hh.shape[1]
    h = h0
    hs, steps = [], []
    for x in xs:
        gi = x @ W_ih.T + b_ih  # (batch, 3H)
        gh = h @ W_hh.T + b_hh  # (batch, 3H)
        r = sigmoid(gi[:, :H] + gh[:, :H])
        z = sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
        n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
        h_new = (1 - z) * n + z * h
        steps.append((x, h, r, z, n, gh[:, 2 * H:]))
        h = h_new
        hs.append(h)
    return np.array(hs), h, steps


def gru_backward(p, steps, dhs, dh_final):
    W_ih, W_hh, _, _ = p
    grads = [np.zeros_like(w) for w in p]
    dxs = [None] * len(steps)
    dh_next = dh_final
    for t in reversed(range(len(steps))):
        x, h_prev, r, z, n, ghn = steps[t]
        dh = dhs[t] + dh_next
        dn = dh * (1 - z)
        dz = dh * (h_prev - n)
        dan = dn * (1 - n ** 2)            # dL/d(preactivation of n)
        dr = dan * ghn
        dar = dr * r * (1 - r)
        daz = dz * z * (1 - z)
        dgi = np.concatenate([dar, daz, dan], axis=1)
        dgh = np.concatenate([dar, daz, dan * r], axis=1)
        grads[0] += dgi.T @ x
        grads[1] += dgh.T @ h_prev
        grads[2] += dgi.sum(axis=0, keepdims=True)
        grads[3] += dgh.sum(axis=0, keepdims=True)
        dxs[t] = dgi @ W_ih
        dh_next = dh * z + dgh @ W_hh
    return grads, np.array(dxs), dh_next


def gru_step_variant(p, x, h, reset_before_product, z_takes_new):
    """One GRU step under the papers' variants (forward only)."""
    W_ih, W_hh, b_ih, b_hh = p
    H = W_hh.shape[1]
    gi = x @ W_ih.T + b_ih
    r = sigmoid(gi[:, :H] + h @ W_hh[:H].T + b_hh[:, :H])
    z = sigmoid(gi[:, H:2 * H] + h @ W_hh[H:2 * H].T + b_hh[:, H:2 * H])
    if reset_before_product:
        n = np.tanh(gi[:, 2 * H:] + (r * h) @ W_hh[2 * H:].T + b_hh[:, 2 * H:])
    else:
        n = np.tanh(gi[:, 2 * H:] + r * (h @ W_hh[2 * H:].T + b_hh[:, 2 * H:]))
    return (1 - z) * h + z * n if z_takes_new else (1 - z) * n + z * h


# ---------------------------------------------------------------------------------------------
# Losses and finite-difference self-checks

def lstm_loss(p, xs, h0, c0):
    hs, h, c, _ = lstm_forward(p, xs, h0, c0)
    return np.sum(R * hs) + np.sum(R_H * h) + np.sum(R_C * c)


def gru_loss(p, xs, h0):
    hs, h, _ = gru_forward(p, xs, h0)
    return np.sum(R * hs) + np.sum(R_H * h)


def stacked_forward(kind, p0, p1, xs, s0, s1):
    if kind == "lstm":
        hs0, h0f, c0f, st0 = lstm_forward(p0, xs, *s0)
        hs1, h1f, c1f, st1 = lstm_forward(p1, hs0 * MASK, *s1)
        loss = np.sum(R * hs1) + np.sum(R_H * h1f) + np.sum(R_C * c1f) + np.sum(R_H_L0 * h0f) + np.sum(R_C_L0 * c0f)
        return loss, hs1, ((h0f, c0f), (h1f, c1f)), st0, st1
    hs0, h0f, st0 = gru_forward(p0, xs, s0[0])
    hs1, h1f, st1 = gru_forward(p1, hs0 * MASK, s1[0])
    loss = np.sum(R * hs1) + np.sum(R_H * h1f) + np.sum(R_H_L0 * h0f)
    return loss, hs1, ((h0f,), (h1f,)), st0, st1


def stacked_backward(kind, p0, p1, st0, st1):
    if kind == "lstm":
        g1, dxs1, dh1, dc1 = lstm_backward(p1, st1, R, R_H, R_C)
        g0, dxs0, dh0, dc0 = lstm_backward(p0, st0, dxs1 * MASK, R_H_L0, R_C_L0)
        return g0 + g1, dxs0, ((dh0, dc0), (dh1, dc1))
    g1, dxs1, dh1 = gru_backward(p1, st1, R, R_H)
    g0, dxs0, dh0 = gru_backward(p0, st0, dxs1 * MASK, R_H_L0)
    return g0 + g1, dxs0, ((dh0,), (dh1,))


def numeric_gradient(f, a, eps=1e-6):
    g = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + eps
        up = f()
        a[idx] = old - eps
        down = f()
        a[idx] = old
        g[idx] = (up - down) / (2 * eps)
    return g


def assert_close(name, exact, numeric):
    err = np.linalg.norm(exact - numeric) / max(np.linalg.norm(exact) + np.linalg.norm(numeric), 1e-300)
    assert err < 1e-8, f"{name}: hand-derived gradient disagrees with finite differences ({err:.2e})"
    return err


# ---------------------------------------------------------------------------------------------
# Swift output

def swift_double(v):
    s = repr(float(v))
    return s if ("." in s or "e" in s or "inf" in s or "nan" in s) else s + ".0"


def swift_matrix(a, indent):
    a = np.atleast_2d(a)
    rows, cols = a.shape
    body = ", ".join(swift_double(v) for v in a.reshape(-1))
    return f"Matrix(rows: {rows}, cols: {cols}, [{body}])"


def swift_value(v, indent):
    if isinstance(v, float):
        return swift_double(v)
    if isinstance(v, list) or (isinstance(v, np.ndarray) and v.ndim == 3):
        pad = " " * (indent + 4)
        inner = (",\n" + pad).join(swift_matrix(m, indent + 4) for m in v)
        return f"[\n{pad}{inner},\n{' ' * indent}]"
    return swift_matrix(v, indent)


def swift_enum(name, doc, fields):
    lines = [f"    /// {doc}", f"    enum {name} {{"]
    for fname, value in fields:
        typ = "Double" if isinstance(value, float) else ("[Matrix]" if isinstance(value, list) or value.ndim == 3 else "Matrix")
        lines.append(f"        static let {fname}: {typ} = {swift_value(value, 8)}")
    lines.append("    }")
    return "\n".join(lines)


def main():
    checks = []
    lstm_p = [LSTM_W_IH.copy(), LSTM_W_HH.copy(), LSTM_B_IH.copy(), LSTM_B_HH.copy()]
    gru_p = [GRU_W_IH.copy(), GRU_W_HH.copy(), GRU_B_IH.copy(), GRU_B_HH.copy()]
    xs, h0, c0 = XS.copy(), H0.copy(), C0.copy()

    # LSTM: forward, hand backward, finite-difference check of every gradient.
    hs, hT, cT, steps = lstm_forward(lstm_p, xs, h0, c0)
    lstm_grads, lstm_dxs, lstm_dh0, lstm_dc0 = lstm_backward(lstm_p, steps, R, R_H, R_C)
    loss = lambda: lstm_loss(lstm_p, xs, h0, c0)
    for k, w in enumerate(lstm_p):
        checks.append(assert_close(f"lstm param {k}", lstm_grads[k], numeric_gradient(loss, w)))
    checks.append(assert_close("lstm xs", lstm_dxs, numeric_gradient(loss, xs)))
    checks.append(assert_close("lstm h0", lstm_dh0, numeric_gradient(loss, h0)))
    checks.append(assert_close("lstm c0", lstm_dc0, numeric_gradient(loss, c0)))
    lstm_enum = swift_enum("LSTMCase", "One LSTM layer, input 3, hidden 2, batch 2, 4 steps.", [
        ("weightIH", LSTM_W_IH), ("weightHH", LSTM_W_HH), ("biasIH", LSTM_B_IH), ("biasHH", LSTM_B_HH),
        ("xs", XS), ("h0", H0), ("c0", C0), ("dhs", R), ("dFinalH", R_H), ("dFinalC", R_C),
        ("loss", float(lstm_loss(lstm_p, xs, h0, c0))),
        ("hs", hs), ("finalH", hT), ("finalC", cT),
        ("inputGates", [s[3] for s in steps]), ("forgetGates", [s[4] for s in steps]),
        ("cellCandidates", [s[5] for s in steps]), ("outputGates", [s[6] for s in steps]),
        ("dWeightIH", lstm_grads[0]), ("dWeightHH", lstm_grads[1]),
        ("dBiasIH", lstm_grads[2]), ("dBiasHH", lstm_grads[3]),
        ("dxs", lstm_dxs), ("dH0", lstm_dh0), ("dC0", lstm_dc0),
    ])

    # GRU.
    hs, hT, steps = gru_forward(gru_p, xs, h0)
    gru_grads, gru_dxs, gru_dh0 = gru_backward(gru_p, steps, R, R_H)
    loss = lambda: gru_loss(gru_p, xs, h0)
    for k, w in enumerate(gru_p):
        checks.append(assert_close(f"gru param {k}", gru_grads[k], numeric_gradient(loss, w)))
    checks.append(assert_close("gru xs", gru_dxs, numeric_gradient(loss, xs)))
    checks.append(assert_close("gru h0", gru_dh0, numeric_gradient(loss, h0)))
    gru_enum = swift_enum("GRUCase", "One GRU layer on LSTMCase's xs, h0, dhs and dFinalH.", [
        ("weightIH", GRU_W_IH), ("weightHH", GRU_W_HH), ("biasIH", GRU_B_IH), ("biasHH", GRU_B_HH),
        ("loss", float(gru_loss(gru_p, xs, h0))),
        ("hs", hs), ("finalH", hT),
        ("resetGates", [s[2] for s in steps]), ("updateGates", [s[3] for s in steps]),
        ("candidates", [s[4] for s in steps]),
        ("dWeightIH", gru_grads[0]), ("dWeightHH", gru_grads[1]),
        ("dBiasIH", gru_grads[2]), ("dBiasHH", gru_grads[3]),
        ("dxs", gru_dxs), ("dH0", gru_dh0),
        # One step from (xs[0], h0) under each combination of the papers' choices.
        ("stepPyTorch", gru_step_variant(gru_p, XS[0], H0, False, False)),
        ("stepResetBeforeProduct", gru_step_variant(gru_p, XS[0], H0, True, False)),
        ("stepZTakesNew", gru_step_variant(gru_p, XS[0], H0, False, True)),
        ("stepResetBeforeProductZTakesNew", gru_step_variant(gru_p, XS[0], H0, True, True)),
    ])
    assert np.allclose(gru_step_variant(gru_p, XS[0], H0, False, False), hs[0], atol=0, rtol=1e-15)

    # Stacked, both cell types, with the fixed dropout mask between the layers.
    stacked_enums = []
    for kind, p0, p1 in [
        ("lstm", lstm_p, [L1_W_IH.copy(), L1_W_HH.copy(), L1_B_IH.copy(), L1_B_HH.copy()]),
        ("gru", gru_p, [L1_W_IH[:6].copy(), L1_W_HH[:6].copy(), L1_B_IH[:, :6].copy(), L1_B_HH[:, :6].copy()]),
    ]:
        s0 = (h0, c0) if kind == "lstm" else (h0,)
        s1 = (H0_L1.copy(), C0_L1.copy()) if kind == "lstm" else (H0_L1.copy(),)
        loss_value, hs1, finals, st0, st1 = stacked_forward(kind, p0, p1, xs, s0, s1)
        grads, dxs, dinit = stacked_backward(kind, p0, p1, st0, st1)
        loss = lambda: stacked_forward(kind, p0, p1, xs, s0, s1)[0]
        for k, w in enumerate(p0 + p1):
            checks.append(assert_close(f"stacked {kind} param {k}", grads[k], numeric_gradient(loss, w)))
        checks.append(assert_close(f"stacked {kind} xs", dxs, numeric_gradient(loss, xs)))
        for layer in range(2):
            for j, s in enumerate((s0, s1)[layer]):
                checks.append(assert_close(f"stacked {kind} state", dinit[layer][j], numeric_gradient(loss, s)))
        fields = [("loss", float(loss_value)), ("hs", hs1)]
        names = ["H", "C"] if kind == "lstm" else ["H"]
        for layer in range(2):
            for j, n in enumerate(names):
                fields.append((f"final{n}{layer}", finals[layer][j]))
        fields += [(f"dParameter{k}", g) for k, g in enumerate(grads)]
        fields.append(("dxs", dxs))
        for layer in range(2):
            for j, n in enumerate(names):
                fields.append((f"d{n}{layer}", dinit[layer][j]))
        title = "LSTM" if kind == "lstm" else "GRU"
        layer1 = "Stacked.layer1*" if kind == "lstm" else "the first 6 rows (columns of the biases) of Stacked.layer1*"
        doc = (f"Two stacked {title} layers (layer 0 = {title}Case's weights, layer 1 = {layer1}), "
               "masked by `Stacked.mask` between them; dParameterK in `parameters` order.")
        stacked_enums.append(swift_enum(f"Stacked{title}Case", doc, fields))

    shared = swift_enum("Stacked", "The second layer and the dropout mask of the stacked cases.", [
        ("layer1WeightIH", L1_W_IH), ("layer1WeightHH", L1_W_HH),
        ("layer1BiasIH", L1_B_IH), ("layer1BiasHH", L1_B_HH),
        ("layer1H0", H0_L1), ("layer1C0", C0_L1),
        ("dFinalH0", R_H_L0), ("dFinalC0", R_C_L0),
        ("mask", MASK),
    ])

    out = "\n".join([
        "// swift-format-ignore-file",
        "// Generated by Tests/RNNKitTests/Fixtures/make_reference.py (NumPy, float64). Do not edit by hand:",
        "// change the script and run `python3 Tests/RNNKitTests/Fixtures/make_reference.py` from the repository root.",
        "//",
        "// Forward values and hand-derived gradients of PyTorch's LSTM and GRU equations, computed without",
        "// RNNKit. The script checked every gradient here against central finite differences",
        f"// (largest relative disagreement {max(checks):.1e}).",
        "// The loss is L = Σ_t Σ dhs[t] ⊙ h_t + Σ dFinalH ⊙ h_T (+ Σ dFinalC ⊙ c_T for the LSTM).",
        "",
        "import RNNKit",
        "",
        "enum Reference {",
        "\n\n".join([lstm_enum, gru_enum, shared] + stacked_enums),
        "}",
        "",
    ])
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ReferenceValues.swift")
    with open(path, "w") as f:
        f.write(out)
    print(f"wrote {path}; {len(checks)} gradient checks, worst relative error {max(checks):.1e}")


if __name__ == "__main__":
    main()
