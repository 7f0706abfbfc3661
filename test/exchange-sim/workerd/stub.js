// Bundle-time stand-in for modules ccxt only reaches on Node (undici) or for other exchanges (protobufjs).
export default {}
export const Agent = undefined
export const fetch = undefined
