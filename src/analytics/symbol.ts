/** @module Market symbols in ccxt's unified `BASE/QUOTE` form, as the fill tables store them. */

const SYMBOL_RE = /^([A-Z0-9][A-Z0-9._-]{0,29})\/([A-Z0-9][A-Z0-9._-]{0,29})$/

export interface SymbolParts {
  base: string
  quote: string
}

/** Splits `BTC/USDT` into its assets; null when the string is not a unified spot symbol. */
export function splitSymbol(symbol: string): SymbolParts | null {
  const m = SYMBOL_RE.exec(symbol)
  return m ? { base: m[1]!, quote: m[2]! } : null
}
