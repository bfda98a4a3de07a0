"""Reference values for OptimizerReferenceTest, computed in float64 with numpy.

Each optimizer follows the update_step of Keras 3 (keras/src/optimizers/*.py) written out below, on the fixed
problem loss(w) = sum(c * (w - t)**2) / 2, whose gradient is c * (w - t). The test holds the printed values.
Run: python3 optimizers.py
"""
import math
import numpy as np

W0 = np.array([1.0, -2.0, 0.5, 3.0])
C = np.array([1.0, 0.5, 2.0, 0.1])
T = np.array([0.5, 0.5, -1.0, 2.0])
STEPS = 10


def grad(w):
    return C * (w - T)


def run(update, slots, lr=lambda step: 0.1, weight_decay=0.0):
    w = W0.copy()
    state = {name: np.full_like(w, value) for name, value in slots.items()}
    for it in range(STEPS):          # it = Keras's `iterations` before the update
        g = grad(w)
        rate = lr(it)
        w = w - w * weight_decay * rate
        w = update(w, g, state, rate, it + 1)
    return w


def sgd(momentum=0.0, nesterov=False):
    def update(w, g, s, lr, t):
        if momentum == 0:
            return w - lr * g
        s["m"] = momentum * s["m"] - lr * g
        return w + (momentum * s["m"] - lr * g if nesterov else s["m"])
    return update, {"m": 0.0}


def rmsprop(rho=0.9, momentum=0.0, eps=1e-7, centered=False):
    def update(w, g, s, lr, t):
        s["v"] = rho * s["v"] + (1 - rho) * g * g
        if centered:
            s["a"] = rho * s["a"] + (1 - rho) * g
            denominator = s["v"] - s["a"] ** 2 + eps
        else:
            denominator = s["v"] + eps
        increment = lr * g / np.sqrt(denominator)
        if momentum > 0:
            s["m"] = momentum * s["m"] + increment
            return w - s["m"]
        return w - increment
    return update, {"v": 0.0, "a": 0.0, "m": 0.0}


def adam(b1=0.9, b2=0.999, eps=1e-7, amsgrad=False):
    def update(w, g, s, lr, t):
        alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        s["m"] = s["m"] + (g - s["m"]) * (1 - b1)
        s["v"] = s["v"] + (g * g - s["v"]) * (1 - b2)
        v = s["v"]
        if amsgrad:
            s["vhat"] = np.maximum(s["vhat"], s["v"])
            v = s["vhat"]
        return w - s["m"] * alpha / (np.sqrt(v) + eps)
    return update, {"m": 0.0, "v": 0.0, "vhat": 0.0}


def adagrad(initial=0.1, eps=1e-7):
    def update(w, g, s, lr, t):
        s["acc"] = s["acc"] + g * g
        return w - lr * g / np.sqrt(s["acc"] + eps)
    return update, {"acc": initial}


def adadelta(rho=0.95, eps=1e-7):
    def update(w, g, s, lr, t):
        s["ag"] = rho * s["ag"] + (1 - rho) * g * g
        delta = -np.sqrt(s["adv"] + eps) * g / np.sqrt(s["ag"] + eps)
        s["adv"] = rho * s["adv"] + (1 - rho) * delta * delta
        return w + lr * delta
    return update, {"ag": 0.0, "adv": 0.0}


def adamax(b1=0.9, b2=0.999, eps=1e-7):
    def update(w, g, s, lr, t):
        s["m"] = s["m"] + (g - s["m"]) * (1 - b1)
        s["u"] = np.maximum(b2 * s["u"], np.abs(g))
        return w - lr * s["m"] / ((1 - b1 ** t) * (s["u"] + eps))
    return update, {"m": 0.0, "u": 0.0}


def nadam(b1=0.9, b2=0.999, eps=1e-7):
    product = [1.0]

    def update(w, g, s, lr, t):
        u_t = b1 * (1 - 0.5 * 0.96 ** t)
        u_next = b1 * (1 - 0.5 * 0.96 ** (t + 1))
        product[0] *= u_t
        s["m"] = s["m"] + (g - s["m"]) * (1 - b1)
        s["v"] = s["v"] + (g * g - s["v"]) * (1 - b2)
        m_hat = u_next * s["m"] / (1 - product[0] * u_next) + (1 - u_t) * g / (1 - product[0])
        v_hat = s["v"] / (1 - b2 ** t)
        return w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return update, {"m": 0.0, "v": 0.0}


def exponential_decay(initial, decay_steps, rate):
    return lambda step: initial * rate ** (step / decay_steps)


CASES = {
    "SGD": (sgd(), {}),
    "SGD momentum": (sgd(momentum=0.9), {}),
    "SGD nesterov": (sgd(momentum=0.9, nesterov=True), {}),
    "RMSprop": (rmsprop(), {"lr": lambda s: 0.01}),
    "RMSprop momentum": (rmsprop(momentum=0.9), {"lr": lambda s: 0.01}),
    "RMSprop centered": (rmsprop(centered=True), {"lr": lambda s: 0.01}),
    "RMSprop centered momentum": (rmsprop(centered=True, momentum=0.5), {"lr": lambda s: 0.01}),
    "RMSprop exponential decay": (rmsprop(), {"lr": exponential_decay(0.1, 2, 0.5)}),
    "Adam": (adam(), {}),
    "Adam beta2 0.5": (adam(b2=0.5), {}),
    "Adam beta2 0.5 amsgrad": (adam(b2=0.5, amsgrad=True), {}),
    "AdamW": (adam(), {"weight_decay": 0.1}),
    "Adagrad": (adagrad(), {}),
    "Adadelta": (adadelta(), {"lr": lambda s: 1.0}),
    "Adamax": (adamax(), {}),
    "Nadam": (nadam(), {}),
}

if __name__ == "__main__":
    for name, ((update, slots), options) in CASES.items():
        w = run(update, slots, **options)
        print(f'"{name}": {{' + ", ".join(f"{x:.12g}" for x in w) + "}")
