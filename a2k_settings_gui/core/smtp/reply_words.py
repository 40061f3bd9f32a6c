"""Reading a reply no phrase rule names: a word model learnt from every labelled reply.

The phrase rules (reply_causes.py, reply_families*.py) are exact: they name a cause only
for wordings someone wrote a rule for. Measured on replies collected apart from them, the
rules alone read 52-71 % right; most misses were replies no phrase rule matched, which
fell back to what the enhanced code or the step alone suggests. For those replies this
module weighs the reply's words, its stage and its codes with a logistic-regression model
trained on the project's labelled real replies (tests/data/replies/ and
tests/core/smtp/reply_catalogue.py; about 1,000 replies, each with its public source).

The model is trained off-line by tools/train_reply_model.py with scikit-learn and shipped
as plain weights in resources/reply_words_model.json, so the program needs no numerical
library: reading a reply is a dot product over its few dozen words. `features` below is
the one tokenizer: the training tool hands it to scikit-learn, so training and reading
cannot drift apart.

It decides only when it is fairly sure (its probability at least THRESHOLD) and never
against the reply's basic code class (a 5xx is never temporary, a 4xx never final).
"""

from __future__ import annotations

import json
import math
import re

from a2k_settings_gui.core.resources import resource_path

MODEL_FILE = "reply_words_model.json"
# Below this the model's best code is not trusted, and the rules' answer stands. Chosen on
# round 7 (held out for the rules then); see docs/PERFORMANCE.md, "word model".
THRESHOLD = 0.3

_ADDRESS = re.compile(r"\S+@\S+")
_IP = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")
_URL = re.compile(r"https?://\S+")
_ENHANCED = re.compile(r"\b[245]\.(\d{1,3})\.(\d{1,3})\b")
_TOKEN = re.compile(r"[a-z0-9_]+")


def features(stage: str, code: int, enhanced: str, text: str) -> list[str]:
    """The words the model sees: the step, the basic code and its class, the enhanced
    code's subject and detail, and the reply's words and word pairs, with addresses, IP
    addresses and links replaced by a placeholder (they name a case, not a cause)."""
    lowered = _URL.sub(" url ", _IP.sub(" ipaddr ", _ADDRESS.sub(" addr ", text.lower())))
    found = _ENHANCED.search(enhanced) or _ENHANCED.search(text)
    marks = (f"enh{found.group(1)}_{found.group(2)} enhs{found.group(1)}" if found
             else "noenh")
    tokens = _TOKEN.findall(f"stage_{stage} basic{str(code)[:1]} basic{code} {marks} "
                            f"{lowered}")
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


class WordModel:
    """The shipped weights: idf and per-code weights of each feature, one bias per code."""

    def __init__(self, data: dict) -> None:
        self.codes: list[str] = data["codes"]
        self.bias: list[float] = data["bias"]
        self.idf: dict[str, float] = data["idf"]
        self.weights: dict[str, dict[str, float]] = data["weights"]

    def probabilities(self, tokens: list[str]) -> list[float]:
        counts: dict[str, int] = {}
        for token in tokens:
            if token in self.idf:
                counts[token] = counts.get(token, 0) + 1
        # scikit-learn's TfidfVectorizer(sublinear_tf=True, norm="l2"): (1 + ln tf) * idf,
        # scaled to length 1.
        values = {t: (1.0 + math.log(n)) * self.idf[t] for t, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        scores = list(self.bias)
        for token, value in values.items():
            for index, weight in self.weights.get(token, {}).items():
                scores[int(index)] += weight * value / norm
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def best(self, tokens: list[str], allowed) -> tuple[str, float]:  # noqa: ANN001
        """The most probable code that `allowed(code)` accepts, with its probability."""
        ranked = sorted(zip(self.probabilities(tokens), self.codes, strict=True), reverse=True)
        for probability, code in ranked:
            if allowed(code):
                return code, probability
        return "", 0.0


_model: WordModel | None = None


def model() -> WordModel:
    """Loaded on first use (a negative reply), not at start-up. A missing or broken
    model file is an error, never a silently weaker diagnosis."""
    global _model
    if _model is None:
        _model = WordModel(json.loads(resource_path(MODEL_FILE).read_text("utf-8")))
    return _model


def guess(stage: str, code: int, enhanced: str, text: str, allowed) -> str:  # noqa: ANN001
    """The code the words point to, or "" when the model is not sure enough."""
    best, probability = model().best(features(stage, code, enhanced, text), allowed)
    return best if probability >= THRESHOLD else ""
