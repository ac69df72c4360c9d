"""Fine-tune the entailment judge on CPU: a cross-encoder from the installed all-MiniLM-L6-v2 weights.

Reads the pairs written by ``scripts/make_judge_data.py``, trains a one-logit head and the encoder with
binary cross-entropy, and writes checkpoints to RUN_DIR so that a stopped run resumes where it was
(model, optimiser, schedule, random state and position in the data). Seeded; the log (``RUN_DIR/log.jsonl``)
opens with the data file's SHA-256 and its manifest.

    python scripts/train_judge.py DATA.jsonl RUN_DIR [--epochs 1] [--lr 4e-5] [--limit N]
    python scripts/train_judge.py DATA.jsonl RUN_DIR --export src/communique/data/judge

``--export`` writes the last checkpoint's weights halved (fp16 safetensors) with the tokenizer, as a
sentence-transformers cross-encoder that ``communique.judge`` loads.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def log(run: Path, **row: Any) -> None:
    row["time"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    with (run / "log.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")
    print(json.dumps(row), flush=True)


def batches(n: int, size: int, rng: random.Random, lengths: list[int]) -> list[list[int]]:
    """Batches of similar length (less padding), in random order: shuffle, sort within pools of 50 batches."""
    order = list(range(n))
    rng.shuffle(order)
    pool = size * 50
    out: list[list[int]] = []
    for k in range(0, n, pool):
        chunk = sorted(order[k : k + pool], key=lambda i: lengths[i])
        out.extend(chunk[j : j + size] for j in range(0, len(chunk), size))
    rng.shuffle(out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("run", type=Path)
    ap.add_argument("--base", default="", help="starting weights; empty: the installed all-MiniLM-L6-v2")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N pairs only (to time a run)")
    ap.add_argument("--save-every", type=int, default=100, help="steps between checkpoints")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-embeddings", action="store_true", help="also train the word embeddings (slower)")
    ap.add_argument("--holdout", type=float, default=0.03, help="share of pairs kept out to report accuracy")
    ap.add_argument("--export", type=Path, default=None)
    a = ap.parse_args()

    import numpy as np
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from communique.nlp import quiet_transformers, resolve_embedding_model

    quiet_transformers()
    torch.set_num_threads(a.threads)
    a.run.mkdir(parents=True, exist_ok=True)
    ckpt_path = a.run / "checkpoint.pt"
    base = a.base or resolve_embedding_model("all-MiniLM-L6-v2")
    tok = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1, local_files_only=True)

    if a.export is not None:
        state = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        model.half()
        a.export.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(a.export, safe_serialization=True)
        tok.save_pretrained(a.export)
        (a.export / "training.json").write_text(json.dumps(state["meta"], indent=1) + "\n", encoding="utf-8")
        print(f"exported step {state['step']} to {a.export}")
        return

    rows = [json.loads(line) for line in a.data.open(encoding="utf-8")]
    rng = random.Random(a.seed)
    rng.shuffle(rows)
    n_hold = int(len(rows) * a.holdout)
    held, train = rows[:n_hold], rows[n_hold:]
    if a.limit:
        train = train[: a.limit]
    lengths = [len(r["premise"]) + len(r["claim"]) for r in train]
    steps_per_epoch = (len(train) + a.batch_size - 1) // a.batch_size
    total = steps_per_epoch * a.epochs
    torch.manual_seed(a.seed)
    if not a.train_embeddings:
        for p in model.base_model.embeddings.parameters():
            p.requires_grad = False
    optim = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=a.lr, weight_decay=0.01)
    warmup = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    step = 0
    manifest = a.data.with_suffix(".manifest.json")
    meta = {
        "data": str(a.data),
        "data_sha256": hashlib.sha256(a.data.read_bytes()).hexdigest(),
        "manifest": json.loads(manifest.read_text()) if manifest.is_file() else None,
        "base": "all-MiniLM-L6-v2" if not a.base else a.base,
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()},
        "train_pairs": len(train),
        "holdout_pairs": len(held),
    }
    if ckpt_path.is_file():
        state = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        optim.load_state_dict(state["optim"])
        sched.load_state_dict(state["sched"])
        step = state["step"]
        torch.set_rng_state(state["torch_rng"])
        log(a.run, event="resume", step=step)
    else:
        log(a.run, event="start", **meta)
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def save() -> None:
        tmp = ckpt_path.with_suffix(".tmp")
        torch.save(
            {"model": model.state_dict(), "optim": optim.state_dict(), "sched": sched.state_dict(),
             "step": step, "torch_rng": torch.get_rng_state(), "meta": meta},
            tmp,
        )  # fmt: skip
        tmp.replace(ckpt_path)

    def encode(batch: list[dict[str, Any]]) -> Any:
        return tok(
            [r["premise"] for r in batch],
            [r["claim"] for r in batch],
            truncation="longest_first",
            max_length=a.max_length,
            padding=True,
            return_tensors="pt",
        )

    model.train()
    started = time.monotonic()
    done_at_start = step
    running = []
    for epoch in range(a.epochs):
        plan = batches(len(train), a.batch_size, random.Random(a.seed + epoch), lengths)
        for k, idx in enumerate(plan):
            if epoch * steps_per_epoch + k < step:
                continue
            batch = [train[i] for i in idx]
            enc = encode(batch)
            labels = torch.tensor([float(r["label"]) for r in batch])
            logits = model(**enc).logits.squeeze(-1)
            loss = loss_fn(logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            running.append(float(loss.detach()))
            if step % 20 == 0:
                secs = time.monotonic() - started
                rate = (step - done_at_start) * a.batch_size / secs
                log(a.run, event="step", step=step, of=total, loss=round(float(np.mean(running)), 4),
                    pairs_per_s=round(rate, 2), eta_min=round((total - step) * a.batch_size / rate / 60, 1))  # fmt: skip
                running = []
            if step % a.save_every == 0:
                save()
    save()
    model.eval()
    correct = 0
    with torch.no_grad():
        for k in range(0, len(held), 32):
            batch = held[k : k + 32]
            probs = torch.sigmoid(model(**encode(batch)).logits.squeeze(-1))
            correct += sum(
                int((p >= 0.5) == (r["label"] == 1)) for p, r in zip(probs.tolist(), batch, strict=True)
            )
    log(a.run, event="done", step=step, holdout_accuracy=round(correct / max(1, len(held)), 4))


if __name__ == "__main__":
    main()
