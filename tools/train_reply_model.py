"""Train the reply word model (core/smtp/reply_words.py) and write its weights.

    pip install ".[train]"             # the package and scikit-learn (the program never needs it)
    python tools/train_reply_model.py  # writes resources/reply_words_model.json
    pip install .                      # the wheel now carries the new weights

The tokenizer is the installed package's (the tests' rule: what users get), so install the
package before training when core/smtp/reply_words.py changed.

Every labelled real reply the rules were tuned on is training material: the catalogue in
tests/core/smtp/reply_catalogue.py and the sets in tests/data/replies/ named in TRAINING.
A set collected as held out is NOT added here until it has been measured once (then it
becomes tuning material like the others; see benchmarks/reply_accuracy.py).
The blind second labellings (*_second_labeler.yml) are left out: they repeat replies that
are already here.

Why logistic regression on TF-IDF word pairs: on round 7, held out for the rules of the
time, it read 51 of 74 alone and, used only where no phrase rule matched and it was at
least 30 % sure, lifted the rules' 43 to 55 (docs/PERFORMANCE.md, "word model"). Naive
Bayes (47) and nearest-neighbour (44) read fewer. Weights below 0.3 in size are dropped:
the same answers on every set, a file of a few hundred KB instead of several MB.

The file records the sha256 of every training file; a test fails when a file changed and
the model was not trained again.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPLIES = ROOT / "tests" / "data" / "replies"
OUTPUT = ROOT / "resources" / "reply_words_model.json"
TRAINING = ("provider_docs.yml", "bug_reports.yml", "held_out.yml",
            "documented_families.yml", "held_out_round4.yml", "held_out_round5.yml",
            "held_out_round6.yml", "held_out_round7.yml")
CATALOGUE = "tests/core/smtp/reply_catalogue.py"
C = 10.0
PRUNE_BELOW = 0.3


def training_entries() -> list[tuple[str, str, str]]:
    """(stage, raw reply, wanted code) of every training reply."""
    import yaml

    sys.path.insert(0, str(ROOT))  # for tests.core.smtp.reply_catalogue only
    from tests.core.smtp.reply_catalogue import CATALOGUE as TUNING
    from tests.core.smtp.reply_catalogue import CONTRADICTING_CODES, HELD_OUT

    entries = [(s, r, w) for s, r, w, _source in TUNING + CONTRADICTING_CODES + HELD_OUT]
    for name in TRAINING:
        for entry in yaml.safe_load((REPLIES / name).read_text("utf-8"))["replies"]:
            entries.append((entry["stage"], entry["reply"], entry["want"]))
    return [({"data_command": "data"}.get(s, s), r, w) for s, r, w in entries]


def tokens_of(stage: str, raw: str) -> list[str]:
    """The features exactly as replies.diagnose_reply hands them to the model."""
    from a2k_settings_gui.core.smtp import enhanced_codes
    from a2k_settings_gui.core.smtp.reply_words import features
    from a2k_settings_gui.core.smtp.session import parse_reply

    reply = parse_reply(raw.split("\r\n"))
    enhanced = reply.enhanced or enhanced_codes.written_in_text(reply.text, reply.code)
    return features(stage, reply.code, enhanced, reply.text)


def fingerprints() -> dict[str, str]:
    files = [CATALOGUE] + [f"tests/data/replies/{name}" for name in TRAINING]
    return {name: hashlib.sha256((ROOT / name).read_bytes()).hexdigest() for name in files}


def main() -> int:
    import numpy as np
    import sklearn
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from a2k_settings_gui.core.smtp.reply_words import WordModel

    entries = training_entries()
    documents = [tokens_of(stage, raw) for stage, raw, _want in entries]
    wanted = [want for _stage, _raw, want in entries]
    vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True)
    matrix = vectorizer.fit_transform(documents)
    classifier = LogisticRegression(C=C, max_iter=10000).fit(matrix, wanted)
    weights = classifier.coef_.copy()
    weights[np.abs(weights) < PRUNE_BELOW] = 0.0
    vocabulary = vectorizer.get_feature_names_out()
    data = {
        "trained_with": f"scikit-learn {sklearn.__version__}, LogisticRegression(C={C}), "
                        f"TfidfVectorizer(sublinear_tf=True), weights below "
                        f"{PRUNE_BELOW} dropped",
        "replies": len(entries),
        "training_files": fingerprints(),
        "codes": [str(c) for c in classifier.classes_],
        "bias": [round(float(b), 4) for b in classifier.intercept_],
        "idf": {str(t): round(float(v), 4)
                for t, v in zip(vocabulary, vectorizer.idf_, strict=True)},
        "weights": {},
    }
    for column, token in enumerate(vocabulary):
        kept = {str(row): round(float(weights[row, column]), 4)
                for row in np.nonzero(weights[:, column])[0]}
        if kept:
            data["weights"][str(token)] = kept
    # The shipped reader must give what the pruned model gives, reply by reply.
    reader = WordModel(data)
    scores = matrix @ weights.T + classifier.intercept_
    expected = [data["codes"][i] for i in np.asarray(scores).argmax(axis=1)]
    got = [reader.best(tokens, lambda _code: True)[0] for tokens in documents]
    mismatched = sum(a != b for a, b in zip(expected, got, strict=True))
    if mismatched:
        raise SystemExit(f"the shipped reader disagrees with the model on {mismatched} replies")
    right = sum(a == b for a, b in zip(got, wanted, strict=True))
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                                 sort_keys=True) + "\n", "utf-8")
    print(f"{len(entries)} replies, {len(data['codes'])} codes, {len(vocabulary)} features, "
          f"{sum(len(w) for w in data['weights'].values())} weights kept; the model alone "
          f"reads {right} of its training replies right; wrote {OUTPUT.relative_to(ROOT)} "
          f"({OUTPUT.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
