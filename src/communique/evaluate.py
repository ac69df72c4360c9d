"""Evaluation against hand-labelled gold (format: docs/evaluation.md).

Computes the same metrics, by the same definitions, as the reference scorer
that ships with the gold sets: segmentation, kinds, verdicts, flagged F1,
evidence hits, quote statuses, coverage, and the provision metrics. A test
checks the two agree on the same output.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

FLAGGED = {"partial", "misquote", "unsupported", "contradicted"}
HEADLINE = (
    "segmentation_acc",
    "kind_acc",
    "verdict_macro_f1",
    "flagged_f1",
    "evidence_hit",
    "quote_status_acc",
    "coverage_f1",
    "provisions_found",
    "actor_acc",
    "acts_f1",
    "commitment_f1",
    "deadline_acc",
)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _find(text: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    i = text.find(needle, start)
    if i >= 0:
        return (i, i + len(needle))
    m = re.compile(r"\s+".join(re.escape(w) for w in needle.split())).search(text, start)
    return (m.start(), m.end()) if m else None


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def gold_paragraphs(text: str) -> list[tuple[int, int]]:
    """Blocks separated by blank lines, or single lines where there is none (the gold's definition)."""
    spans, pos = [], 0
    blocks = re.split(r"(\n\s*\n)", text)
    if len(blocks) == 1:
        blocks = re.split(r"(\n)", text)
    for b in blocks:
        if b.strip():
            lead = len(b) - len(b.lstrip())
            spans.append((pos + lead, pos + len(b.rstrip())))
        pos += len(b)
    return spans


def _read(path: Path) -> str:
    with open(path, encoding="utf-8") as fh:  # universal newlines, as the gold was labelled
        return fh.read()


def score_claims(corpus: Path, gold: list[dict[str, Any]], pred: dict[str, Any]) -> dict[str, Any]:
    man = corpus / "manifest.json"
    src_file = json.loads(_read(man))["source"]["file"] if man.exists() else Path(pred["source"]["path"]).name
    src_text = _read(corpus / src_file)
    paras = gold_paragraphs(src_text)
    arts = {Path(a.get("path", "")).name: a for a in pred.get("articles", [])}
    m: Counter[str] = Counter()
    verdicts: list[tuple[str, str | None]] = []
    defects: list[str] = []
    kinds: list[tuple[str, str | None]] = []
    cover_gold: dict[str, set[int]] = {}
    cursor: Counter[str] = Counter()
    for g in gold:
        art = arts.get(g["doc"]) or {}
        text = _read(corpus / g["doc"])
        span = _find(text, g["text"], cursor[g["doc"]])
        if span is None:
            raise ValueError(f"gold sentence not found in {g['doc']}: {g['text'][:60]!r}")
        cursor[g["doc"]] = span[1]
        best, best_ov = None, 0
        for s in art.get("sentences", []):
            ov = _overlap(span, (s["start"], s["end"]))
            if ov > best_ov:
                best, best_ov = s, ov
        length = span[1] - span[0]
        m["sentences"] += 1
        m["seg"] += (
            best is not None
            and best_ov >= 0.8 * length
            and (best["end"] - best["start"]) <= 1.25 * length + 5
        )
        pk = best["kind"] if best else None
        kinds.append((g["kind"], pk))
        m["claim_vs_other"] += (g["kind"] == "claim") == (pk == "claim")
        if g["kind"] == "claim":
            verdicts.append((g["verdict"], best.get("verdict") if best and pk == "claim" else None))
            defects.append(g.get("defect") or g["verdict"])
            gold_ev = [sp for sp in (_find(src_text, e) for e in g["evidence"]) if sp]
            pred_ev = [(e["start"], e["end"]) for e in (best or {}).get("evidence", [])]
            m["claims"] += 1
            m["evidence_hit"] += any(_overlap(a, b) > 0 for a in gold_ev for b in pred_ev)
            for a in gold_ev:
                for i, p in enumerate(paras):
                    if _overlap(a, p) > 0:
                        cover_gold.setdefault(g["doc"], set()).add(i)
        for q in g.get("quotes", []):
            m["quotes"] += 1
            gq = _norm(q["text"]).strip(",.")
            pq = [
                x
                for x in (best or {}).get("quotes", [])
                if gq in _norm(x["text"]) or _norm(x["text"]).strip(",.") in _norm(q["text"])
            ]
            m["quote_ok"] += bool(pq) and pq[0].get("status") == q["status"]
    tp = fp = fn = 0
    for d in sorted({g["doc"] for g in gold}):
        pc: set[int] = set()
        for s in (arts.get(d) or {}).get("sentences", []):
            if s.get("kind") == "claim":
                for e in s.get("evidence", []):
                    pc.update(i for i, p in enumerate(paras) if _overlap((e["start"], e["end"]), p) > 0)
        gc = cover_gold.get(d, set())
        tp += len(gc & pc)
        fp += len(pc - gc)
        fn += len(gc - pc)
    out: dict[str, Any] = {
        "sentences": m["sentences"],
        "segmentation_acc": m["seg"] / m["sentences"] if m["sentences"] else 0.0,
        "kind_acc": sum(1 for g, p in kinds if g == p) / len(kinds) if kinds else 0.0,
        "claim_vs_other_acc": m["claim_vs_other"] / m["sentences"] if m["sentences"] else 0.0,
        "claims": m["claims"],
        "verdict_acc": sum(1 for g, p in verdicts if g == p) / len(verdicts) if verdicts else 0.0,
        **_verdict_figures(verdicts),
        "evidence_hit": m["evidence_hit"] / m["claims"] if m["claims"] else 0.0,
        "quotes": m["quotes"],
        "quote_status_acc": m["quote_ok"] / m["quotes"] if m["quotes"] else None,
        "coverage_f1": _f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0),
    }
    out["_raw"] = {
        "verdicts": verdicts,
        "kinds": kinds,
        "defects": defects,
        "m": dict(m),
        "coverage": [tp, fp, fn],
    }
    return out


def score_provisions(src_text: str, gold: list[dict[str, Any]], pred: dict[str, Any]) -> dict[str, Any]:
    provs = pred.get("source", {}).get("provisions", [])
    m: Counter[str] = Counter()
    tp = fp = fn = 0
    for g in gold:
        a = _find(src_text, g["anchor"])
        hit = [p for p in provs if a and _overlap(a, (p["start"], p["end"])) > 0]
        m["n"] += 1
        if not hit:
            fn += len(g["acts"])
            continue
        m["found"] += 1
        acts = set().union(*(set(p.get("acts", [])) for p in hit))
        m["actor_ok"] += g["actor"] in {p.get("actor") for p in hit}
        tp += len(acts & set(g["acts"]))
        fp += len(acts - set(g["acts"]))
        fn += len(set(g["acts"]) - acts)
        gc, pc = "commitment" in g["acts"], "commitment" in acts
        m["c_tp"] += gc and pc
        m["c_fp"] += pc and not gc
        m["c_fn"] += gc and not pc
        if g.get("deadline_year"):
            m["deadlines"] += 1
            m["deadline_ok"] += g["deadline_year"] in {str(p.get("deadline") or "")[:4] for p in hit}
    return {**_provision_figures(m, tp, fp, fn), "_prov_raw": {"m": dict(m), "acts": [tp, fp, fn]}}


def _provision_figures(m: Counter[str], tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    cp = m["c_tp"] / (m["c_tp"] + m["c_fp"]) if m["c_tp"] + m["c_fp"] else 0.0
    cr = m["c_tp"] / (m["c_tp"] + m["c_fn"]) if m["c_tp"] + m["c_fn"] else 0.0
    return {
        "provisions_found": m["found"] / m["n"] if m["n"] else 0.0,
        "actor_acc": m["actor_ok"] / m["n"] if m["n"] else 0.0,
        "acts_f1": _f1(p, r),
        "commitment_f1": _f1(cp, cr),
        "deadline_acc": m["deadline_ok"] / m["deadlines"] if m["deadlines"] else None,
    }


def evaluate(corpus: Path, gold_dir: Path, pred: dict[str, Any]) -> dict[str, Any]:
    """All metrics for a prediction on ``corpus`` against ``gold_dir`` (claims.json, provisions.json)."""
    claims_path = gold_dir / "claims.json"
    if not claims_path.exists():
        from .errors import InputError

        raise InputError(f"{gold_dir}: no claims.json gold file here")
    out = score_claims(corpus, json.loads(_read(claims_path)), pred)
    prov_path = gold_dir / "provisions.json"
    if prov_path.exists():
        man = json.loads(_read(corpus / "manifest.json"))
        out.update(
            score_provisions(_read(corpus / man["source"]["file"]), json.loads(_read(prov_path)), pred)
        )
    return out


def headline(metrics: dict[str, Any]) -> str:
    return " ".join(f"{k}={metrics[k]:.3f}" for k in HEADLINE if isinstance(metrics.get(k), float))


# --- packs: many gold sets scored together ----------------------------------------------------------------

POOLED = (
    "kind_acc",
    "verdict_macro_f1",
    "flagged_f1",
    "unsupported_f1",
    "contradicted_f1",
    "evidence_hit",
    "quote_status_acc",
    "coverage_f1",
    "acts_f1",
    "commitment_f1",
    "actor_acc",
    "deadline_acc",
    "provisions_found",
)


def _verdict_figures(verdicts: list[tuple[str, str | None]]) -> dict[str, Any]:
    labels = sorted({g for g, _ in verdicts})
    per = {}
    for lab in labels:
        t = sum(1 for g, p in verdicts if g == lab and p == lab)
        pp = sum(1 for _, p in verdicts if p == lab)
        gg = sum(1 for g, _ in verdicts if g == lab)
        per[lab] = _f1(t / pp if pp else 0.0, t / gg if gg else 0.0)
    ft = sum(1 for g, p in verdicts if g in FLAGGED and p in FLAGGED)
    fp_ = sum(1 for _, p in verdicts if p in FLAGGED)
    fg = sum(1 for g, _ in verdicts if g in FLAGGED)
    prec, rec = (ft / fp_ if fp_ else 0.0), (ft / fg if fg else 0.0)
    return {
        "verdict_macro_f1": sum(per.values()) / len(per) if per else 0.0,
        "verdict_f1": per,
        "flagged_precision": prec,
        "flagged_recall": rec,
        "flagged_f1": _f1(prec, rec),
        "unsupported_f1": per.get("unsupported", 0.0),
        "contradicted_f1": per.get("contradicted", 0.0),
    }


def pool(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures over several packs' results (``score_claims`` + ``score_provisions``), every claim of every
    pack counted once — as ``score_packs.py`` pools them — with recall per defect type."""
    verdicts = [x for r in results for x in r["_raw"]["verdicts"]]
    kinds = [x for r in results for x in r["_raw"]["kinds"]]
    defects = [x for r in results for x in r["_raw"]["defects"]]
    m: Counter[str] = Counter()
    for r in results:
        m.update(r["_raw"]["m"])
    tp, fp, fn = (sum(r["_raw"]["coverage"][i] for r in results) for i in range(3))
    out: dict[str, Any] = {
        "packs": len(results),
        "claims": m["claims"],
        "kind_acc": sum(1 for g, p in kinds if g == p) / len(kinds) if kinds else 0.0,
        "evidence_hit": m["evidence_hit"] / m["claims"] if m["claims"] else 0.0,
        "quote_status_acc": m["quote_ok"] / m["quotes"] if m["quotes"] else None,
        "coverage_f1": _f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0),
        **_verdict_figures(verdicts),
    }
    prov = [r["_prov_raw"] for r in results if "_prov_raw" in r]
    if prov:
        pm: Counter[str] = Counter()
        for x in prov:
            pm.update(x["m"])
        a = [sum(x["acts"][i] for x in prov) for i in range(3)]
        out.update(_provision_figures(pm, a[0], a[1], a[2]))
    recall: dict[str, Counter[str]] = {}
    for d, (g, p) in zip(defects, verdicts, strict=True):
        if g == "supported":
            continue
        c = recall.setdefault(d, Counter())
        c["n"] += 1
        c["flagged"] += p in FLAGGED
        c["exact"] += p == g
    out["defect_recall"] = {d: dict(c) for d, c in sorted(recall.items())}
    return out


def leave_one_out(results: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """For each pack, the pooled figures of all the other packs."""
    return {name: pool([r for n, r in results.items() if n != name]) for name in results}


def score_pack(pack: Path, pred: dict[str, Any]) -> dict[str, Any]:
    """A pack's figures: ``pack`` is a corpus folder with claims.json (and provisions.json) beside its files."""
    out = score_claims(pack, json.loads(_read(pack / "claims.json")), pred)
    prov = pack / "provisions.json"
    if prov.exists():
        man = json.loads(_read(pack / "manifest.json"))
        out.update(score_provisions(_read(pack / man["source"]["file"]), json.loads(_read(prov)), pred))
    return out


def packs_in(paths: list[Path]) -> list[Path]:
    """Pack folders: each path that holds claims.json, or the folders inside it that do."""
    found: list[Path] = []
    for p in paths:
        if (p / "claims.json").exists():
            found.append(p)
        elif p.is_dir():
            found += sorted(d for d in p.iterdir() if (d / "claims.json").exists())
    return found


def run_packs(checker: Any, packs: list[Path]) -> dict[str, dict[str, Any]]:
    """Check every pack with ``checker`` (a ``Checker``) and score it: ``{pack name: figures}``."""
    from .report.jsonout import result_to_dict

    out: dict[str, dict[str, Any]] = {}
    for pack in packs:
        pred = result_to_dict(checker.check_corpus(pack), base=pack)
        out[pack.name] = score_pack(pack, pred)
    return out
