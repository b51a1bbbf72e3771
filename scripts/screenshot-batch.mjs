// The batch that scripts/summary-screenshots.mjs and scripts/pr-comment-screenshots.mjs
// both render, so the job summary and the pull request comment show the same jobs.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A t2v payload (5 s) as the action's `payload` input: JSON text. */
export const t2v = (prompt, aspectRatio = '16:9') =>
  JSON.stringify({ prompt, aspectRatio, duration: '5' })

/** The batch step's inputs besides the common ones (key, base URL, summary, comment). */
export const BATCH_INPUTS = {
  'batch-file': 'batch.json',
  download: 'out/videos',
  'continue-on-invalid': 'true',
  'fail-on-error': 'false'
}

/**
 * Writes `batch.json` into `workspace`: six jobs (one fails upstream through the
 * simulator's fail marker) and an invalid one (no such duration), sent nothing, whose long
 * error folds away.
 */
export async function writeScreenshotBatch(workspace) {
  const items = [
    ['fox-day', 'a red fox in snow'],
    ['fox-night', 'a red fox under the northern lights'],
    ['owl', 'an owl blinking [sim:fail]'],
    ['heron', 'a heron fishing at dusk'],
    ['otter', 'an otter floating on its back'],
    ['lynx', 'a lynx walking through a birch forest']
  ].map(([name, prompt]) => ({ name, model: 't2v', payload: JSON.parse(t2v(prompt)) }))
  items.push({
    name: 'moose',
    model: 't2v',
    payload: { prompt: 'a moose wading across a misty lake', aspectRatio: '4:3', duration: '7' }
  })
  await writeFile(join(workspace, 'batch.json'), JSON.stringify(items))
}
