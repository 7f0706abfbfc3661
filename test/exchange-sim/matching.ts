/**
 * @module The simulator's price-level walk: how much of each level an incoming order takes.
 */
import { D, type Dec } from '../../src/lib/money.ts'
import type { Level, Side } from './types.ts'

/**
 * Takes from `levels` (best first) while they cross `limit`, up to `qty` base or `quoteQty` quote,
 * in multiples of `step`. With `consume`, the levels' quantities are reduced in place.
 */
export function walkLevels(
  levels: Level[],
  o: {
    side: Side
    limit: Dec | null
    qty: Dec | null
    quoteQty: Dec | null
    step: Dec
    consume: boolean
  }
): Level[] {
  const out: Level[] = []
  let left = o.qty
  let quoteLeft = o.quoteQty
  for (const l of levels) {
    if (o.limit && (o.side === 'BUY' ? l.price.gt(o.limit) : l.price.lt(o.limit))) break
    let want = left ?? quoteLeft!.div(l.price).toDecimalPlaces(20, D.ROUND_DOWN)
    want = want.minus(want.mod(o.step))
    const q = D.min(want, l.qty)
    if (q.lte(0)) break
    out.push({ price: l.price, qty: q })
    if (left) left = left.minus(q)
    if (quoteLeft) quoteLeft = quoteLeft.minus(q.times(l.price))
    if (o.consume) l.qty = l.qty.minus(q)
    if ((left && left.lte(0)) || (quoteLeft && quoteLeft.lte(0))) break
  }
  return out
}
