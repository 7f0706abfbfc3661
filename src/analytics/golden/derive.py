#!/usr/bin/env python3
"""Derive the expected analytics of every golden dataset, independently of the TypeScript code.

Written from the definitions in ../DEFINITIONS.md (issue 8's contract), with exact rational
arithmetic (fractions.Fraction) for every money value; only square roots and fractional powers
go through floats, which is far inside the 1e-9 relative tolerance the tests use for ratios.

    python3 src/analytics/golden/derive.py          # rewrites expected/*.json
    python3 src/analytics/golden/derive.py --check  # exits 1 if expected/ is stale
"""
import json
import math
import sys
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction as F
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCALE = 10**18


def parse_dec(s):
    return F(s)  # Fraction parses plain decimal strings exactly


def q18(x):
    """Round half away from zero to 18 decimals (the numeric(36,18) storage scale)."""
    sign = -1 if x < 0 else 1
    return sign * F(math.floor(abs(x) * SCALE + F(1, 2)), SCALE)


def dec_str(x):
    """Exact plain decimal string of a terminating fraction, without trailing zeros."""
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    x = abs(x)
    den, twos, fives = x.denominator, 0, 0
    while den % 2 == 0:
        den, twos = den // 2, twos + 1
    while den % 5 == 0:
        den, fives = den // 5, fives + 1
    if den != 1:
        raise ValueError(f"non-terminating decimal: {x}")
    k = max(twos, fives)
    digits = str(x.numerator * 10**k // x.denominator).rjust(k + 1, "0")
    int_part, frac = digits[: len(digits) - k], digits[len(digits) - k :].rstrip("0")
    return sign + int_part + ("." + frac if frac else "")


def money(x):
    return None if x is None else dec_str(q18(x))


def num(x):
    """A ratio as a JSON number, or None when undefined / not a finite double."""
    if x is None:
        return None
    try:
        v = float(x)
    except OverflowError:
        return None
    return v if math.isfinite(v) else None


def parse_ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(timezone.utc)


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


# ---------------------------------------------------------------- FIFO


def fifo(fills):
    """Returns (trades, unmatched, open lots by symbol)."""
    lots = {}
    trades, unmatched = [], []
    order = sorted(range(len(fills)), key=lambda i: (parse_ts(fills[i]["ts"]), i))
    for i in order:
        f = fills[i]
        base, quote = f["symbol"].split("/")
        amount, price, fee = parse_dec(f["amount"]), parse_dec(f["price"]), parse_dec(f["fee"])
        cur = f["feeCurrency"].upper()
        fee_quote, base_fee, unpriced = F(0), F(0), None
        if fee == 0:
            pass
        elif cur == quote:
            fee_quote = fee
        elif cur == base:
            base_fee, fee_quote = fee, fee * price
        elif f.get("feeQuote") is not None:
            fee_quote = parse_dec(f["feeQuote"])
        else:
            unpriced = (cur, fee)
        book = lots.setdefault(f["symbol"], [])
        if f["side"] == "buy":
            qty = amount - base_fee
            book.append({"id": f["id"], "price": price, "amount": qty, "remaining": qty,
                         "fee": fee_quote, "unpriced": unpriced})
            continue
        delivered = amount + base_fee
        need = delivered
        gross = F(0)
        lot_fees = F(0)
        unpriced_fees = {}
        matches = []
        while need > 0 and book:
            lot = book[0]
            take = min(need, lot["remaining"])
            share = lot["fee"] * take / lot["amount"]
            gross += (price - lot["price"]) * take
            lot_fees += share
            if lot["unpriced"]:
                c, a = lot["unpriced"]
                unpriced_fees[c] = unpriced_fees.get(c, F(0)) + a * take / lot["amount"]
            matches.append({"fillId": lot["id"], "price": dec_str(lot["price"]),
                            "amount": dec_str(take), "fee": money(share)})
            lot["remaining"] -= take
            need -= take
            if lot["remaining"] == 0:
                book.pop(0)
        matched = delivered - need
        sell_fee_matched = fee_quote * matched / delivered
        if need > 0:
            unmatched.append({"fillId": f["id"], "ts": iso(parse_ts(f["ts"])), "symbol": f["symbol"],
                              "amount": dec_str(need), "fee": money(fee_quote - sell_fee_matched)})
        if matched == 0:
            continue
        if unpriced:
            c, a = unpriced
            unpriced_fees[c] = unpriced_fees.get(c, F(0)) + a * matched / delivered
        g = q18(gross)
        fz = q18(sell_fee_matched + lot_fees)
        trades.append({
            "id": f["id"], "ts": parse_ts(f["ts"]), "symbol": f["symbol"],
            "matchedAmount": matched, "unmatchedAmount": need,
            "grossPnl": g, "fees": fz, "pnl": g - fz,
            "unpricedFees": [{"currency": c, "amount": money(a)} for c, a in unpriced_fees.items()],
            "matches": matches,
        })
    return trades, unmatched, lots


# ---------------------------------------------------------------- metrics


def day_range(first, last):
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


def equity_curve(trades, fills, start):
    days = [parse_ts(f["ts"]).date() for f in fills]
    if not days:
        return []
    per_day = {}
    for t in trades:
        d = t["ts"].date()
        per_day[d] = per_day.get(d, F(0)) + t["pnl"]
    out, eq = [], start
    for d in day_range(min(days), max(days)):
        eq += per_day.get(d, F(0))
        out.append((d, per_day.get(d, F(0)), eq))
    return out


def sample_sd(xs):
    m = sum(xs, F(0)) / len(xs)
    var = sum(((x - m) ** 2 for x in xs), F(0)) / (len(xs) - 1)
    return math.sqrt(var) if var > 0 else None


def performance(trades, fills, start):
    pnls = [t["pnl"] for t in trades]
    wins = [p for p in pnls if p > 0]
    losses = [p for p in pnls if p < 0]
    n = len(pnls)
    win_rate = F(len(wins), len(wins) + len(losses)) if wins or losses else None
    avg_win = sum(wins, F(0)) / len(wins) if wins else None
    avg_loss = sum(losses, F(0)) / len(losses) if losses else None
    exp_ratio = None
    if win_rate is not None and avg_loss is not None:
        exp_ratio = (1 + (avg_win or F(0)) / abs(avg_loss)) * win_rate - 1

    curve = equity_curve(trades, fills, start)
    # max drawdown: the largest peak-to-equity fall; ties keep the earliest
    mdd, mdd_peak, dd_start, dd_end = None, None, None, None
    if curve:
        peak, peak_day = curve[0][2], curve[0][0]
        mdd, mdd_peak = F(0), peak
        for d, _, eq in curve:
            if eq > peak:
                peak, peak_day = eq, d
            if peak - eq > mdd:
                mdd, mdd_peak, dd_start, dd_end = peak - eq, peak, peak_day, d
    mdd_rel = mdd / mdd_peak if mdd is not None and mdd_peak > 0 else None

    rets = None
    if all(curve[i - 1][2] > 0 for i in range(1, len(curve))):
        rets = [curve[i][2] / curve[i - 1][2] - 1 for i in range(1, len(curve))]
    big_n = max(len(curve) - 1, 0)
    sharpe = sortino = None
    if rets:
        mean = sum(rets, F(0)) / len(rets)
        sd = sample_sd(rets) if len(rets) >= 2 else None
        if sd:
            sharpe = float(mean) / sd * math.sqrt(365)
        down = sum((r * r for r in rets if r < 0), F(0)) / len(rets)
        if down > 0:
            sortino = float(mean) / math.sqrt(down) * math.sqrt(365)
    cagr = None
    if curve and big_n > 0:
        growth = curve[-1][2] / start
        if growth > 0:
            try:
                cagr = float(growth) ** (365 / big_n) - 1
            except OverflowError:
                cagr = None
        elif growth == 0:
            cagr = -1.0
    calmar = cagr / float(mdd_rel) if cagr is not None and mdd_rel else None
    sqn = None
    if n >= 2:
        sd = sample_sd(pnls)
        if sd:
            sqn = math.sqrt(min(n, 100)) * float(sum(pnls, F(0)) / n) / sd

    volume = sum((parse_dec(f["amount"]) * parse_dec(f["price"]) for f in fills), F(0))
    return {
        "realizedPnl": money(sum(pnls, F(0))),
        "tradeCount": n, "wins": len(wins), "losses": len(losses),
        "breakEven": n - len(wins) - len(losses),
        "winRate": num(win_rate),
        "profitFactor": num(sum(wins, F(0)) / abs(sum(losses, F(0)))) if losses else None,
        "averageWin": money(avg_win), "averageLoss": money(avg_loss),
        "expectancy": money(sum(pnls, F(0)) / n) if n else None,
        "expectancyRatio": num(exp_ratio),
        "bestTrade": money(max(pnls)) if pnls else None,
        "worstTrade": money(min(pnls)) if pnls else None,
        "volume": dec_str(volume), "fillCount": len(fills),
        "startingCapital": dec_str(start),
        "endingEquity": money(curve[-1][2]) if curve else None,
        "firstDay": str(curve[0][0]) if curve else None,
        "lastDay": str(curve[-1][0]) if curve else None,
        "days": len(curve),
        "maxDrawdownAbs": money(mdd), "maxDrawdownRel": num(mdd_rel),
        "drawdownStart": str(dd_start) if dd_start else None,
        "drawdownEnd": str(dd_end) if dd_end else None,
        "returnCount": big_n,
        "sharpe": num(sharpe), "sortino": num(sortino), "cagr": num(cagr),
        "calmar": num(calmar), "sqn": num(sqn),
    }, curve


def series(trades, fills, curve, window, lots, prices):
    peak = None
    drawdown = []
    for d, _, eq in curve:
        peak = eq if peak is None or eq > peak else peak
        drawdown.append({"day": str(d), "equity": money(eq), "peak": money(peak),
                         "drawdown": money(peak - eq),
                         "drawdownRel": num((peak - eq) / peak) if peak > 0 else None})
    rolling = []
    for i in range(window - 1, len(trades)):
        w = [t["pnl"] for t in trades[i - window + 1 : i + 1]]
        wi, lo = sum(1 for p in w if p > 0), sum(1 for p in w if p < 0)
        rolling.append({"tradeId": trades[i]["id"], "ts": iso(trades[i]["ts"]), "wins": wi,
                        "losses": lo, "winRate": num(F(wi, wi + lo)) if wi + lo else None})
    by_day = {}
    for t in trades:
        d = str(t["ts"].date())
        p, c = by_day.get(d, (F(0), 0))
        by_day[d] = (p + t["pnl"], c + 1)
    symbols = sorted({f["symbol"] for f in fills})
    by_symbol = []
    for s in symbols:
        ts = [t["pnl"] for t in trades if t["symbol"] == s]
        fs = [f for f in fills if f["symbol"] == s]
        by_symbol.append({
            "symbol": s, "realizedPnl": money(sum(ts, F(0))), "tradeCount": len(ts),
            "wins": sum(1 for p in ts if p > 0), "losses": sum(1 for p in ts if p < 0),
            "fillCount": len(fs),
            "volume": dec_str(sum((parse_dec(f["amount"]) * parse_dec(f["price"]) for f in fs), F(0))),
        })
    traded = [r for r in by_symbol if r["tradeCount"] > 0]
    best = worst = None
    for r in traded:  # symbols are sorted, strict comparisons: ties go to the first symbol
        if best is None or F(r["realizedPnl"]) > F(best["realizedPnl"]):
            best = r
        if worst is None or F(r["realizedPnl"]) < F(worst["realizedPnl"]):
            worst = r
    rows, total = [], F(0)
    for s in sorted(lots):
        open_lots = [l for l in lots[s] if l["remaining"] > 0]
        if not open_lots:
            continue
        qty = sum((l["remaining"] for l in open_lots), F(0))
        cost = sum((l["price"] * l["remaining"] for l in open_lots), F(0))
        fees = sum((l["fee"] * l["remaining"] / l["amount"] for l in open_lots), F(0))
        price = parse_dec(prices[s]) if prices.get(s) is not None else None
        pnl = price * qty - cost - fees if price is not None else None
        total = None if total is None or pnl is None else total + q18(pnl)
        rows.append({"symbol": s, "openAmount": dec_str(qty), "costBasis": money(cost),
                     "openFees": money(fees), "price": dec_str(price) if price is not None else None,
                     "unrealizedPnl": money(pnl)})
    return {
        "equityCurve": [{"day": str(d), "realizedPnl": money(p), "equity": money(eq)}
                        for d, p, eq in curve],
        "drawdown": drawdown,
        "rollingWinRate": rolling,
        "pnlByDay": [{"day": d, "realizedPnl": money(p), "tradeCount": c}
                     for d, (p, c) in sorted(by_day.items())],
        "pnlBySymbol": by_symbol,
        "bestPair": {"symbol": best["symbol"], "realizedPnl": best["realizedPnl"]} if best else None,
        "worstPair": {"symbol": worst["symbol"], "realizedPnl": worst["realizedPnl"]} if worst else None,
        "unrealized": {"total": money(total), "bySymbol": rows},
    }


def derive(ds):
    fills = ds["fills"]
    start = parse_dec(ds.get("startingCapital", "10000"))
    trades, unmatched, lots = fifo(fills)
    perf, curve = performance(trades, fills, start)
    out = {"name": ds["name"], "performance": perf}
    out["trades"] = [{
        "id": t["id"], "ts": iso(t["ts"]), "symbol": t["symbol"],
        "matchedAmount": dec_str(t["matchedAmount"]), "unmatchedAmount": dec_str(t["unmatchedAmount"]),
        "grossPnl": money(t["grossPnl"]), "fees": money(t["fees"]), "pnl": money(t["pnl"]),
        "unpricedFees": t["unpricedFees"], "matches": t["matches"],
    } for t in trades]
    out["unmatched"] = unmatched
    out.update(series(trades, fills, curve, ds.get("window", 3), lots, ds.get("prices", {})))
    return out


def main():
    check = "--check" in sys.argv
    stale = []
    for path in sorted((HERE / "datasets").glob("*.json")):
        ds = json.loads(path.read_text())
        text = json.dumps(derive(ds), indent=2) + "\n"
        target = HERE / "expected" / path.name
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(path.name)
        else:
            target.write_text(text)
            print(f"wrote expected/{path.name}")
    if stale:
        print("stale expected files: " + ", ".join(stale))
        sys.exit(1)


if __name__ == "__main__":
    main()
