/**
 * Issue 8, bad input: the table of inputs both faces must refuse locally, with a stable
 * code, sending nothing. Each case says how to give the input to the action (inputs and
 * env of a step, over `api-key` and `base-url`) and to the CLI (arguments, env, stdin,
 * over AIVIDEO_API_KEY and AIVIDEO_BASE_URL), or why that face has no such input.
 *
 * Placeholders, replaced when the case runs: `$WS` the workspace (the CLI's working
 * directory), `$OUTSIDE` a directory beside it, `$PORT` the simulator's port.
 */

export type BadInputCode = 'INVALID_MODEL' | 'INVALID_PAYLOAD' | 'INVALID_INPUT'

export interface ActionInput {
  inputs: Record<string, string>
  env?: Record<string, string>
}

export interface CliInput {
  args: string[]
  env?: Record<string, string>
  /** Written to stdin: text, or `{ file }` to stream a workspace file. */
  stdin?: string | { file: string }
}

export interface BadInputCase {
  group: string
  name: string
  /** One code for both faces, or one per face where their inputs differ. */
  code: BadInputCode | { action: BadInputCode; cli: BadInputCode }
  /** A string: why the action has no such input. */
  action: ActionInput | string
  /** A string: why the CLI has no such input. */
  cli: CliInput | string
  /** What the message must say (both faces, or one per face), beyond the code. */
  message?: RegExp | { action: RegExp; cli: RegExp }
}

const T2V = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
const PNG = 'data:image/png;base64,iVBORw0KGgo='
const IMAGE = 'https://example.com/first-frame.png'

/** Files the runner writes into the workspace before the table runs. */
export const WORKSPACE_FILES = {
  /** An i2v payload whose data URI makes it 15 MB: refused before it is read. */
  huge: 'payload-15mb.json',
  /** 10.5 MB: read and parsed, then refused by the 10 MB payload limit. */
  overLimit: 'payload-10_5mb.json',
  valid: 'payload.json',
  directory: 'a-directory'
}

/** A model and a payload object the validator must refuse. */
function request(
  group: string,
  name: string,
  model: string,
  payload: unknown,
  code: BadInputCode = 'INVALID_PAYLOAD'
): BadInputCase {
  return payloadText(group, name, model, JSON.stringify(payload), code)
}

/** A model and payload text, as given. */
function payloadText(
  group: string,
  name: string,
  model: string,
  text: string,
  code: BadInputCode = 'INVALID_PAYLOAD'
): BadInputCase {
  return {
    group,
    name,
    code,
    action: { inputs: { model, payload: text } },
    cli: { args: ['--model', model, '--payload', text] }
  }
}

/** A task id for getStatus. */
function taskId(name: string, id: string): BadInputCase {
  return {
    group: 'task id',
    name,
    code: 'INVALID_INPUT',
    action: { inputs: { action: 'getStatus', 'task-id': id } },
    cli: { args: ['--action', 'getStatus', '--taskId', id] }
  }
}

/** A run with one more setting: an action input and a CLI flag (or only one of them). */
function setting(
  group: string,
  name: string,
  input: Record<string, string> | string,
  flag: string[] | string,
  code: BadInputCode = 'INVALID_INPUT'
): BadInputCase {
  const run = { model: 't2v', payload: JSON.stringify(T2V) }
  return {
    group,
    name,
    code,
    action: typeof input === 'string' ? input : { inputs: { ...run, ...input } },
    cli:
      typeof flag === 'string'
        ? flag
        : { args: ['--model', 't2v', '--payload', JSON.stringify(T2V), ...flag] }
  }
}

/**
 * A batch leg with a bad `shard`: refused before the batch file is even read, so the file
 * named need not exist.
 */
function shard(name: string, value: string): BadInputCase {
  return {
    group: 'limits',
    name: `shard ${name}`,
    code: 'INVALID_INPUT',
    action: { inputs: { 'batch-file': 'no-such-batch.json', shard: value } },
    cli: { args: ['--batch', 'no-such-batch.json', `--shard=${value}`] },
    message: /i\/n, two whole numbers with 0 <= i < n/
  }
}

/** A run with one environment variable set (both faces read it). */
function environment(
  group: string,
  name: string,
  variable: string,
  value: string,
  inputs: Record<string, string> = {}
): BadInputCase {
  const env = { [variable]: value }
  return {
    group,
    name,
    code: 'INVALID_INPUT',
    action: { inputs: { model: 't2v', payload: JSON.stringify(T2V), ...inputs }, env },
    cli: { args: ['--model', 't2v', '--payload', JSON.stringify(T2V)], env }
  }
}

/**
 * A key no HTTP header can carry: `api-key` for the action, AIVIDEO_API_KEY for the CLI.
 * The message names the face's setting and never shows the key.
 */
function apiKey(name: string, key: string): BadInputCase {
  const run = { model: 't2v', payload: JSON.stringify(T2V) }
  const hidden = (label: string): RegExp =>
    new RegExp(`^(?![\\s\\S]*key-1234)${label} holds a character`)
  return {
    group: 'key',
    name,
    code: 'INVALID_INPUT',
    action: { inputs: { ...run, 'api-key': key } },
    cli: {
      args: ['--model', 't2v', '--payload', JSON.stringify(T2V)],
      env: { AIVIDEO_API_KEY: key }
    },
    message: { action: hidden('api-key'), cli: hidden('AIVIDEO_API_KEY') }
  }
}

/** A payload file for the action; the CLI's `--payload @file` has no workspace to escape. */
function payloadFile(name: string, path: string): BadInputCase {
  return {
    group: 'paths',
    name,
    code: 'INVALID_INPUT',
    action: { inputs: { model: 't2v', 'payload-file': path } },
    cli: 'the CLI reads the file its user names: there is no workspace to escape'
  }
}

function download(name: string, path: string): BadInputCase {
  return setting(
    'paths',
    name,
    { download: path },
    'the CLI writes where its user asks: there is no workspace to escape'
  )
}

const NO_STDIN = 'the action has no stdin'

/**
 * A workflow command hidden after a line break in a value: echoed as is into the log it
 * would be obeyed by the runner (the action) or break the one-line stderr (the CLI).
 */
export const FORGED_COMMAND = '::warning::forged-by-input'

export const BAD_INPUT_CASES: BadInputCase[] = [
  // model
  request('model', 'unknown model', 'sora', T2V, 'INVALID_MODEL'),
  request('model', 'model in the wrong case', 'T2V', T2V, 'INVALID_MODEL'),
  request('model', 'model that is a path', '../t2v', T2V, 'INVALID_MODEL'),
  request('model', 'model with a URL query', 't2v?x=1', T2V, 'INVALID_MODEL'),
  {
    group: 'model',
    name: 'payload without a model',
    code: { action: 'INVALID_MODEL', cli: 'INVALID_INPUT' },
    action: { inputs: { payload: JSON.stringify(T2V) } },
    cli: { args: ['--payload', JSON.stringify(T2V)] }
  },

  // schema, per seed model
  request('schema t2v', 't2v without prompt', 't2v', { aspectRatio: '16:9', duration: '5' }),
  request('schema t2v', 't2v aspectRatio 4:3', 't2v', { ...T2V, aspectRatio: '4:3' }),
  request('schema t2v', 't2v duration "7"', 't2v', { ...T2V, duration: '7' }),
  request('schema t2v', 't2v unknown field', 't2v', { ...T2V, negativePrompt: 'blur' }),
  request('schema t2v', 't2v blank prompt', 't2v', { ...T2V, prompt: '   ' }),
  request('schema t2v', 't2v prompt of 5001 chars', 't2v', { ...T2V, prompt: 'x'.repeat(5001) }),
  {
    ...request('schema t2v', 't2v prompt of 100000 chars', 't2v', {
      ...T2V,
      prompt: 'z'.repeat(100_000)
    }),
    message: /at most 5000 characters \(got 100000\)/
  },
  request('schema t2v', 't2v filterMode "off"', 't2v', { ...T2V, filterMode: 'off' }),
  request('schema i2v', 'i2v without image', 'i2v', { duration: '5' }),
  request('schema i2v', 'i2v duration "10"', 'i2v', { image: IMAGE, duration: '10' }),
  request('schema i2v', 'i2v image file:// URL', 'i2v', {
    image: 'file:///etc/passwd',
    duration: '5'
  }),
  request('schema i2v', 'i2v image javascript: URL', 'i2v', {
    image: 'javascript:alert(1)',
    duration: '5'
  }),
  request('schema i2v', 'i2v image data:text/html URI', 'i2v', {
    image: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    duration: '5'
  }),
  request('schema i2v', 'i2v image data:image/svg+xml URI', 'i2v', {
    image: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
    duration: '5'
  }),
  request('schema i2v', 'i2v image invalid base64', 'i2v', {
    image: 'data:image/png;base64,iVBOR*w0K!!',
    duration: '5'
  }),
  request('schema i2v', 'i2v image truncated base64', 'i2v', {
    image: 'data:image/png;base64,iVBORw0KGg',
    duration: '5'
  }),
  request('schema lv', 'lv with 7 prompts', 'lv', {
    image: PNG,
    prompt: ['1', '2', '3', '4', '5', '6', '7'].map(n => `segment ${n}`)
  }),
  request('schema lv', 'lv with no prompt', 'lv', { image: PNG, prompt: [] }),
  request('schema lv', 'lv prompt as a string', 'lv', { image: PNG, prompt: 'one segment' }),
  request('schema lv', 'lv blank segment', 'lv', { image: PNG, prompt: ['ok', ' '] }),
  request('schema lv', 'lv without image', 'lv', { prompt: ['the fox wakes up'] }),
  request('schema t2v_v3', 't2v_v3 duration "8"', 't2v_v3', { ...T2V, duration: '8' }),
  request('schema t2v_v3', 't2v_v3 prompt of 5001 chars', 't2v_v3', {
    ...T2V,
    prompt: 'y'.repeat(5001)
  }),
  request('schema i2v_v3', 'i2v_v3 duration "8"', 'i2v_v3', { image: IMAGE, duration: '8' }),
  request('schema i2v_v3', 'i2v_v3 image URL with credentials', 'i2v_v3', {
    image: 'https://user:secret@example.com/a.png',
    duration: '5'
  }),

  // schema, newer models
  request('schema newer', 'minimax lastFrameUrl without imageUrl', 'minimax', {
    content: 'a boat',
    lastFrameUrl: IMAGE
  }),
  request('schema newer', 'minimax frames with references', 'minimax', {
    content: 'a boat',
    imageUrl: IMAGE,
    referenceImageUrls: [IMAGE]
  }),
  request('schema newer', 'minimax referenceVideoUrl as data URI', 'minimax', {
    content: 'a boat',
    referenceVideoUrl: PNG
  }),
  request('schema newer', 'seedance20 audio alone', 'seedance20', {
    audio: 'https://example.com/a.mp3',
    duration: 5,
    resolution: 720,
    ratio: '16:9'
  }),
  request('schema newer', 'seedance20 resolution "720"', 'seedance20', {
    prompt: 'a lighthouse',
    duration: 5,
    resolution: '720p',
    ratio: '16:9'
  }),
  request('schema newer', 'happyhorse duration 2', 'happyhorse', {
    prompt: 'a horse',
    duration: 2
  }),
  request('schema newer', 'wan27 duration "8"', 'wan27', { prompt: 'a fox', duration: '8' }),

  // wrong types
  request('types', 'duration a boolean', 't2v', { ...T2V, duration: true }),
  request('types', 'duration an array', 't2v', { ...T2V, duration: ['5'] }),
  request('types', 'duration 5.5', 't2v', { ...T2V, duration: 5.5 }),
  request('types', 'prompt a number', 't2v', { ...T2V, prompt: 42 }),
  request('types', 'aspectRatio null', 't2v', { ...T2V, aspectRatio: null }),
  request('types', 'prompt an object', 't2v', { ...T2V, prompt: { text: 'fox' } }),

  // payload not an object
  payloadText('not an object', 'payload an array', 't2v', JSON.stringify([T2V])),
  payloadText('not an object', 'payload a string', 't2v', '"a red fox in snow"'),
  payloadText('not an object', 'payload a number', 't2v', '42'),
  payloadText('not an object', 'payload null', 't2v', 'null'),
  payloadText('not an object', 'payload true', 't2v', 'true'),

  // malformed JSON
  payloadText('malformed JSON', 'unquoted keys', 't2v', '{prompt: fox}'),
  payloadText('malformed JSON', 'truncated', 't2v', '{"prompt":"a red fox"'),
  payloadText('malformed JSON', 'trailing comma', 't2v', '{"prompt":"fox",}'),
  payloadText('malformed JSON', 'two documents', 't2v', '{} {}'),
  payloadText('malformed JSON', 'single quotes', 't2v', "{'prompt':'fox'}"),
  payloadText(
    'malformed JSON',
    '__proto__ key (prototype pollution)',
    't2v',
    `{"__proto__":{"polluted":true},${JSON.stringify(T2V).slice(1)}`
  ),
  {
    ...payloadText(
      'malformed JSON',
      'nested 20000 levels deep',
      't2v',
      `{"prompt":${'['.repeat(20_000)}${']'.repeat(20_000)},"aspectRatio":"16:9","duration":"5"}`
    ),
    message: /cannot be serialized/
  },

  // size
  {
    group: 'size',
    name: '15 MB data-URI payload (file)',
    code: 'INVALID_PAYLOAD',
    action: { inputs: { model: 'i2v', 'payload-file': WORKSPACE_FILES.huge } },
    cli: { args: ['--model', 'i2v', '--payload', `@${WORKSPACE_FILES.huge}`] }
  },
  {
    group: 'size',
    name: '15 MB data-URI payload (stdin)',
    code: 'INVALID_PAYLOAD',
    action: NO_STDIN,
    cli: { args: ['--model', 'i2v', '--payload', '-'], stdin: { file: WORKSPACE_FILES.huge } }
  },
  {
    group: 'size',
    name: '10.5 MB data-URI payload (file)',
    code: 'INVALID_PAYLOAD',
    action: { inputs: { model: 'i2v', 'payload-file': WORKSPACE_FILES.overLimit } },
    cli: { args: ['--model', 'i2v', '--payload', `@${WORKSPACE_FILES.overLimit}`] }
  },

  // task ids
  taskId('task id ../account', '../account'),
  taskId('task id %2e%2e%2faccount', '%2e%2e%2faccount'),
  taskId('task id with a slash', 'ck/123'),
  taskId('task id with a query', 'ck123?x=1'),
  taskId('task id in unicode', 'tâche-1'),
  taskId('task id with a line break', 'ck1\r\nX-Evil: 1'),
  taskId('task id forging a workflow command', `ck1\n${FORGED_COMMAND}`),
  taskId('task id of 500 chars', 'a'.repeat(500)),
  {
    group: 'task id',
    name: 'empty task id',
    code: 'INVALID_INPUT',
    action: { inputs: { action: 'getStatus', 'task-id': '' } },
    cli: { args: ['--action', 'getStatus', '--taskId', ''] }
  },

  // base URL
  setting('base url', 'http on a remote host', { 'base-url': 'http://example.com' }, [
    '--base-url',
    'http://example.com'
  ]),
  setting(
    'base url',
    'http on 0.0.0.0 (reaches the simulator)',
    { 'base-url': 'http://0.0.0.0:$PORT' },
    ['--base-url', 'http://0.0.0.0:$PORT']
  ),
  setting('base url', 'javascript: base URL', { 'base-url': 'javascript:alert(1)' }, [
    '--base-url',
    'javascript:alert(1)'
  ]),
  setting('base url', 'file: base URL', { 'base-url': 'file:///etc/passwd' }, [
    '--base-url',
    'file:///etc/passwd'
  ]),
  setting('base url', 'base URL with credentials', { 'base-url': 'https://user:pw@example.com' }, [
    '--base-url',
    'https://user:pw@example.com'
  ]),
  {
    ...setting(
      'base url',
      'base URL ending in /api/v1',
      { 'base-url': 'http://127.0.0.1:$PORT/api/v1' },
      ['--base-url', 'http://127.0.0.1:$PORT/api/v1']
    ),
    message: {
      action: /^base-url "http:\/\/127\.0\.0\.1:\d+\/api\/v1" ends in \/api\/v1/,
      cli: /^--base-url "http:\/\/127\.0\.0\.1:\d+\/api\/v1" ends in \/api\/v1/
    }
  },
  {
    ...environment(
      'base url',
      'base URL ending in /api/v1/ from env AIVIDEO_BASE_URL',
      'AIVIDEO_BASE_URL',
      'http://127.0.0.1:$PORT/api/v1/',
      { 'base-url': '' }
    ),
    message: {
      action: /^base-url .* set base-url to/,
      cli: /^AIVIDEO_BASE_URL .* set AIVIDEO_BASE_URL to/
    }
  },
  environment(
    'base url',
    'http base URL from env AIVIDEO_BASE_URL',
    'AIVIDEO_BASE_URL',
    'http://example.com',
    {
      'base-url': ''
    }
  ),

  // paths (the action's workspace)
  payloadFile('payload-file ../ walk', '../outside/payload.json'),
  payloadFile('payload-file absolute path outside', '$OUTSIDE/payload.json'),
  payloadFile('payload-file through a symlink out', 'linked/payload.json'),
  download('download ../ walk', '../fox.mp4'),
  download('download absolute path outside', '$OUTSIDE/fox.mp4'),
  download('download through a symlink out', 'linked/fox.mp4'),
  {
    group: 'paths',
    name: 'payload file that is a directory',
    code: 'INVALID_INPUT',
    action: { inputs: { model: 't2v', 'payload-file': WORKSPACE_FILES.directory } },
    cli: { args: ['--model', 't2v', '--payload', `@${WORKSPACE_FILES.directory}`] }
  },
  {
    group: 'paths',
    name: 'payload file that does not exist',
    code: 'INVALID_INPUT',
    action: { inputs: { model: 't2v', 'payload-file': 'missing.json' } },
    cli: { args: ['--model', 't2v', '--payload', '@missing.json'] }
  },

  // limits
  setting(
    'limits',
    'request-timeout-ms -1',
    { 'request-timeout-ms': '-1' },
    'env only: AIVIDEO_TIMEOUT_MS'
  ),
  setting(
    'limits',
    'request-timeout-ms 1e9',
    { 'request-timeout-ms': '1000000000' },
    'env only: AIVIDEO_TIMEOUT_MS'
  ),
  setting('limits', 'max-retries 1000', { 'max-retries': '1000' }, 'env only: AIVIDEO_MAX_RETRIES'),
  setting('limits', 'max-retries -1', { 'max-retries': '-1' }, 'env only: AIVIDEO_MAX_RETRIES'),
  setting('limits', 'wait-timeout 99999h', { 'wait-timeout': '99999h' }, [
    '--wait-timeout',
    '99999h'
  ]),
  setting('limits', 'wait-timeout -1s', { 'wait-timeout': '-1s' }, ['--wait-timeout=-1s']),
  {
    ...setting('limits', 'negative value as its own argument', 'the action has no command line', [
      '--wait-timeout',
      '-1s'
    ]),
    message: /--wait-timeout=<value>/
  },
  setting('limits', 'wait-timeout 0', { 'wait-timeout': '0' }, ['--wait-timeout', '0']),
  setting('limits', 'poll-interval 1ms', { 'poll-interval': '1ms' }, ['--poll-interval', '1ms']),
  environment('limits', 'AIVIDEO_TIMEOUT_MS=-5', 'AIVIDEO_TIMEOUT_MS', '-5'),
  environment('limits', 'AIVIDEO_TIMEOUT_MS=1e3', 'AIVIDEO_TIMEOUT_MS', '1e3'),
  environment('limits', 'AIVIDEO_MAX_RETRIES=1000', 'AIVIDEO_MAX_RETRIES', '1000'),
  environment(
    'limits',
    'AIVIDEO_TIMEOUT_MS forging a line',
    'AIVIDEO_TIMEOUT_MS',
    `5\n${FORGED_COMMAND}`
  ),
  setting('limits', 'max-credits -5', { 'max-credits': '-5' }, ['--max-credits=-5']),
  setting('limits', 'cache-mode not a mode', { 'cache-dir': 'cache', 'cache-mode': 'sometimes' }, [
    '--cache-dir',
    'cache',
    '--cache-mode',
    'sometimes'
  ]),
  setting('limits', 'cache-max-bytes 0', { 'cache-dir': 'cache', 'cache-max-bytes': '0' }, [
    '--cache-dir',
    'cache',
    '--cache-max-bytes',
    '0'
  ]),
  setting(
    'limits',
    'cache-mode without a cache folder',
    'the action ignores cache-mode without cache-dir (its default is read-write)',
    ['--cache-mode', 'refresh']
  ),
  setting(
    'paths',
    'cache-dir outside the workspace',
    { 'cache-dir': '../cache' },
    'the CLI keeps its cache where it is told, as it does downloads'
  ),
  setting('paths', 'cache-dir that is a file', { 'cache-dir': WORKSPACE_FILES.valid }, [
    '--cache-dir',
    WORKSPACE_FILES.valid
  ]),
  {
    ...setting(
      'headers',
      'content keys without a scope',
      'the action scopes content keys by GITHUB_REPOSITORY, which the runner always sets',
      ['--idempotency-key', 'content']
    ),
    message: /--key-scope/
  },
  setting('headers', 'key-scope without content keys', 'the action has no key-scope input', [
    '--key-scope',
    'octo-org/videos'
  ]),
  shard('0-based: n/n is past the last leg', '4/4'),
  shard('negative leg', '-1/4'),
  shard('no legs', '0/0'),
  shard('not i/n', 'first'),
  {
    group: 'limits',
    name: 'shard without a batch file',
    code: 'INVALID_INPUT',
    action: { inputs: { model: 't2v', payload: JSON.stringify(T2V), shard: '0/2' } },
    cli: { args: ['--model', 't2v', '--payload', JSON.stringify(T2V), '--shard', '0/2'] },
    message: /batch/
  },

  // headers
  setting(
    'headers',
    'idempotency key with CRLF (header injection)',
    { 'idempotency-key': 'abcdefgh\r\nX-Evil: 1' },
    ['--idempotency-key', 'abcdefgh\r\nX-Evil: 1']
  ),
  setting('headers', 'webhook-url javascript:', { 'webhook-url': 'javascript:alert(1)' }, [
    '--webhook-url',
    'javascript:alert(1)'
  ]),
  setting('headers', 'webhook-url file://', { 'webhook-url': 'file:///etc/passwd' }, [
    '--webhook-url',
    'file:///etc/passwd'
  ]),
  {
    ...setting(
      'headers',
      'webhook-url plain http to a private host',
      { 'webhook-url': 'http://10.0.0.1:22/x' },
      ['--webhook-url', 'http://10.0.0.1:22/x']
    ),
    message: {
      action: /^webhook-url must be an https URL/,
      cli: /^--webhook-url must be an https URL/
    }
  },
  setting(
    'headers',
    'webhook-url to the metadata service',
    { 'webhook-url': 'http://169.254.169.254/latest/meta-data' },
    ['--webhook-url', 'http://169.254.169.254/latest/meta-data']
  ),
  {
    ...setting(
      'headers',
      'webhook-url with credentials',
      { 'webhook-url': 'https://user:pw@hooks.example/x' },
      ['--webhook-url', 'https://user:pw@hooks.example/x']
    ),
    message: /must not contain credentials/
  },

  // the key (the message never shows it)
  apiKey('key with a euro sign', 'e2e€key-1234'),
  apiKey('key with a control character', 'e2e\u0001key-1234'),

  // action
  {
    group: 'action',
    name: 'unknown action',
    code: 'INVALID_INPUT',
    action: { inputs: { action: 'render' } },
    cli: { args: ['--action', 'render'] }
  },
  {
    group: 'action',
    name: 'action that is a path',
    code: 'INVALID_INPUT',
    action: { inputs: { action: '../account' } },
    cli: { args: ['--action', '../account'] }
  }
]
