/**
 * @module Loopback Binance-compatible exchange simulator for tests: start it, point a gateway's
 * `baseUrlOverride` at `sim.url`, inject faults, assert on `sim.calls`.
 */
export { startExchangeSimulator } from './server.ts'
export type { CallRecord, CallRecorder, ExchangeSimulator, SimulatorOptions } from './server.ts'
export type { Fault } from './faults.ts'
export { SimEngine } from './engine.ts'
export { BinanceApiError, DEFAULT_SYMBOLS } from './types.ts'
export type { BookInput, SymbolConfig } from './types.ts'
