import rule from './float-money.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'decimal.js methods',
      code: 'const notional = dec(order.amount).times(dec(order.price))\nconst fee = notional.mul(feeRate)\n',
    },
    {
      name: 'Python Decimal operators',
      lang: 'python',
      code: 'notional = Decimal(amount) * Decimal(price)\nfee = notional * FEE_RATE\n',
    },
    {
      name: 'metadata names and counts',
      code: 'const next = pricePrecision + 1\nconst n = fills.length * 2\nconst label = `price: ${price}`\nconst s = "amount " + amount\n',
    },
    { name: 'ratio computed from counts', code: 'const winRate = wins / tradeCount\n' },
    {
      name: 'float of a non-money value',
      lang: 'python',
      code: 'ratio = float(sharpe)\nlatency: float = 0.5\n',
    },
  ],
  invalid: [
    {
      name: 'pydantic float fields, float(Decimal), Float column',
      lang: 'python',
      code: 'class OrderIn(BaseModel):\n    amount: float\n    price: Optional[float] = None\npnl = float(Decimal("1.1"))\nclass Trade(Base):\n    fee = Column(Float)\n',
      errors: [
        { line: 2, messageId: 'floatType' },
        { line: 3, messageId: 'floatType' },
        { line: 4, messageId: 'floatCall' },
        { line: 6, messageId: 'floatType' },
      ],
    },
    {
      name: 'TS number arithmetic and parseFloat on money',
      code: 'const notional = order.amount * order.price\nbalance -= fee\nconst p = parseFloat(body.price)\n',
      errors: [
        { line: 1, messageId: 'arithmetic' },
        { line: 2, messageId: 'arithmetic' },
        { line: 3, messageId: 'parse' },
      ],
    },
  ],
})
