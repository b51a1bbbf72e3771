import { bufferBody, errorReply } from './reply.js'
import type { Endpoint } from './sim-context.js'
import { DAY_MS } from './time-scale.js'
import { createVideoBody } from './video-body.js'

/**
 * `GET /files/{taskId}.mp4`: the result, like a CDN link — no key, no rate limit, and
 * gone (410) 24 simulated hours after the task completed.
 */
export const getVideo: Endpoint = (context, call) => {
  const task = context.tasks.findAny(call.params.taskId)
  if (task === undefined || task.status !== 'COMPLETED' || task.terminalAtMs === null) {
    return errorReply(404, 'FILE_NOT_FOUND', `No result file for task ${call.params.taskId}`)
  }
  if (context.now() >= task.terminalAtMs + context.scale.realMs(DAY_MS)) {
    return errorReply(410, 'FILE_EXPIRED', 'The result file was kept for 24 hours and has expired')
  }
  const body = createVideoBody(context.options.videoBytes)
  return { status: 200, headers: { 'Content-Type': 'video/mp4' }, body }
}

/** `GET /files/inputs/{name}`: an image that was sent inline as a data URI. */
export const getInputFile: Endpoint = (context, call) => {
  const file = context.inputs.get(call.params.name)
  if (file === undefined) {
    return errorReply(404, 'FILE_NOT_FOUND', `No input file ${call.params.name}`)
  }
  return {
    status: 200,
    headers: { 'Content-Type': file.contentType },
    body: bufferBody(file.bytes)
  }
}
