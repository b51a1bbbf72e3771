import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { Client } from '../../src/core/api/client.js'
import {
  findRelatedKeys,
  keyGeneration,
  legacyLineageKey,
  lineageKey,
  lookUpLineages,
  type LineageRequest
} from '../../src/core/run/key-lineage.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

/** Tasks stay SUBMITTED for the whole test, so any of them can be cancelled (made dead). */
const { start, clientFor } = useTestSimulator({
  key: 'lineage-property-key',
  durationsMs: { submittedMs: 600_000, totalMs: 700_000 }
})

const stem = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{7,24}$/)
/** 125 characters two long keys share, so that 1.x cut both to the same prefix. */
const shared = fc.stringMatching(/^[a-z0-9]{3}$/).map(s => s.repeat(42).slice(0, 125))
const tail3 = fc.stringMatching(/^[a-z0-9]{3}$/)
const generation = fc.integer({ min: 2, max: 12 })

/** Two keys whose lineages a careless scheme would mix up, in either order. */
const keyPair: fc.Arbitrary<[string, string]> = fc
  .oneof(
    fc.tuple(stem, stem),
    fc.tuple(stem, generation).map(([s, n]): [string, string] => [s, `${s}-a${n}`]),
    fc.tuple(stem, generation).map(([s, n]): [string, string] => [s, lineageKey(s, n)]),
    fc
      .tuple(stem, fc.stringMatching(/^[a-z0-9-]{1,5}$/))
      .map(([s, t]): [string, string] => [s, `${s}${t}`]),
    fc.tuple(shared, tail3, tail3).map(([p, x, y]): [string, string] => [p + x, p + y]),
    fc
      .tuple(shared, tail3, generation)
      .map(([p, x, n]): [string, string] => [p + x, legacyLineageKey(p + x, n)]),
    fc
      .tuple(shared, tail3, generation)
      .map(([p, x, n]): [string, string] => [
        p + x,
        `${p.slice(0, 124 - String(n).length)}xy-a${n}`
      ])
  )
  .chain(pair => fc.boolean().map((swap): [string, string] => (swap ? [pair[1], pair[0]] : pair)))

const fox = (prompt: string) => ({ prompt, aspectRatio: '16:9', duration: '5' })

/** One attempt as the core makes it: the lineage chosen from one list, then the create. */
async function attempt(client: Client, request: LineageRequest) {
  const lookup = await lookUpLineages(client, [request], {})
  const key = lookup.choices[0].key
  const created = await client.createGeneration(request.model, request.payload, {
    idempotencyKey: key
  })
  return { key, created }
}

/** Every key of a lineage up to generation 12, both the digest keys and 1.x's. */
function lineageKeys(base: string): Set<string> {
  const keys = new Set([base])
  for (let n = 2; n <= 12; n++) keys.add(lineageKey(base, n)).add(legacyLineageKey(base, n))
  return keys
}

describe('key lineage (property)', () => {
  it('two different requests never share a task, whatever their keys and whichever attempts run and die', async () => {
    await fc.assert(
      fc.asyncProperty(
        keyPair,
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.record({ who: fc.constantFrom(0, 1), kill: fc.boolean() }), {
          minLength: 2,
          maxLength: 7
        }),
        async ([keyA, keyB], samePrompt, sameModel, steps) => {
          fc.pre(keyA !== keyB || !samePrompt || !sameModel)
          const requests: LineageRequest[] = [
            { base: keyA, model: 't2v', payload: fox('a fox') },
            {
              base: keyB,
              model: sameModel ? 't2v' : 't2v_v3',
              payload: fox(samePrompt ? 'a fox' : 'a hare')
            }
          ]
          const sim = await start({ balance: 100_000 })
          try {
            const client = clientFor(sim)
            const creator = new Map<string, number>()
            for (const { who, kill } of steps) {
              const request = requests[who]
              const other = requests[1 - who]
              const { key, created } = await attempt(client, request)
              if (!created.ok || created.data === null) {
                // Refused only where upstream's own rule says so: the other request holds
                // this request's very key with another body (its own key, or a later
                // attempt's key that this request's explicit key copies).
                expect(created.errorCode).toBe('IDEMPOTENCY_CONFLICT')
                expect(key).toBe(request.base)
                expect(keyGeneration(other.base, request.base)).not.toBeNull()
                continue
              }
              const { taskId, idempotentReplay } = created.data
              if (!idempotentReplay) creator.set(taskId, who)
              const madeBy = creator.get(taskId)
              // The one case the list cannot tell from this request's own later attempt
              // (docs/action.md): the other request's own key is one of this request's
              // later keys (typed as 1.x's `-a<n>`, or the digest key copied), with the same
              // model and input, made after this request's base task had ended.
              const isTwin = other.base === key && key !== request.base && samePrompt && sameModel
              if (!isTwin) expect(madeBy).toBe(who)
              if (kill) await client.cancelTask(taskId)
            }
          } finally {
            await sim.stop()
          }
        }
      ),
      { numRuns: 60 }
    )
  })

  it('batch items whose keys are not refused as related never share a key of their lineages', () => {
    fc.assert(
      fc.property(keyPair, ([a, b]) => {
        const related = findRelatedKeys([a, b]).length > 0
        const shares = [...lineageKeys(a)].some(key => lineageKeys(b).has(key))
        expect(related || !shares).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it("digest keys of two different bases never meet, unless one base is typed as the other's digest key", () => {
    fc.assert(
      fc.property(keyPair, generation, generation, ([a, b], n, m) => {
        fc.pre(a !== b && keyGeneration(a, b) === null && keyGeneration(b, a) === null)
        expect(lineageKey(a, n)).not.toBe(lineageKey(b, m))
        expect(lineageKey(a, n)).not.toBe(b)
        expect(lineageKey(a, n).length).toBeLessThanOrEqual(128)
      }),
      { numRuns: 2000 }
    )
  })
})
