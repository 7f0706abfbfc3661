import { describe, expect, it } from 'vitest'
import { fixedClock } from '../lib/clock.ts'
import { createCircuitBreaker } from './circuit-breaker.ts'

describe('createCircuitBreaker', () => {
  it('should open after the threshold of consecutive failures and refuse until openMs passed', () => {
    const clock = fixedClock()
    const b = createCircuitBreaker({ failureThreshold: 3, openMs: 10_000, clock })
    b.onFailure('a')
    b.onSuccess()
    b.onFailure('b')
    b.onFailure('c')
    expect(b.snapshot().state).toBe('closed')
    b.onFailure('d')
    expect(b.snapshot()).toMatchObject({
      state: 'open',
      consecutiveFailures: 3,
      lastFailure: { message: 'd' },
    })
    expect(b.tryEnter()).toBe(10_000)
    clock.advance(4000)
    expect(b.tryEnter()).toBe(6000)
  })

  it('should let exactly one probe through when half-open and close on its success', () => {
    const clock = fixedClock()
    const b = createCircuitBreaker({ failureThreshold: 1, openMs: 1000, clock })
    b.onFailure('x')
    clock.advance(1000)
    expect(b.tryEnter()).toBe(0)
    expect(b.tryEnter()).toBeGreaterThan(0)
    b.onSuccess()
    expect(b.snapshot().state).toBe('closed')
    expect(b.tryEnter()).toBe(0)
  })

  it('should reopen when the probe fails, and free the probe slot on a neutral outcome', () => {
    const clock = fixedClock()
    const b = createCircuitBreaker({ failureThreshold: 1, openMs: 1000, clock })
    b.onFailure('x')
    clock.advance(1000)
    expect(b.tryEnter()).toBe(0)
    b.onNeutral()
    expect(b.tryEnter()).toBe(0)
    b.onFailure('y')
    expect(b.snapshot().state).toBe('open')
    expect(b.tryEnter()).toBe(1000)
  })
})
