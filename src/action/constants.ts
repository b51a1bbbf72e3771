/** Input names, as action.yml declares them (kebab-case, GitHub's convention). */
export enum Inputs {
  Action = 'action',
  Model = 'model',
  Payload = 'payload',
  PayloadFile = 'payload-file',
  TaskId = 'task-id',
  /** The seed's spelling, accepted as an alias of `task-id`. */
  TaskIdAlias = 'taskId',
  ApiKey = 'api-key',
  BaseUrl = 'base-url',
  RequestTimeoutMs = 'request-timeout-ms',
  MaxRetries = 'max-retries',
  WaitTimeout = 'wait-timeout',
  PollInterval = 'poll-interval',
  IdempotencyKey = 'idempotency-key',
  MaxCredits = 'max-credits',
  WebhookUrl = 'webhook-url',
  Download = 'download',
  DownloadMaxBytes = 'download-max-bytes',
  CacheDir = 'cache-dir',
  CacheMode = 'cache-mode',
  CacheMaxBytes = 'cache-max-bytes',
  CancelOnAbort = 'cancel-on-abort',
  FailOnError = 'fail-on-error',
  Summary = 'summary',
  BatchFile = 'batch-file',
  Concurrency = 'concurrency',
  ContinueOnInvalid = 'continue-on-invalid',
  Shard = 'shard',
  MaxTotalCredits = 'max-total-credits',
  GithubToken = 'github-token',
  CommentOnPr = 'comment-on-pr',
  CommentKey = 'comment-key',
  ArtifactName = 'artifact-name'
}

/** Output names: the envelope's own field names, plus what the faces add. */
export enum Outputs {
  Ok = 'ok',
  Status = 'status',
  TaskId = 'taskId',
  Data = 'data',
  ErrorCode = 'errorCode',
  ErrorMessage = 'errorMessage',
  RetryAfter = 'retryAfter',
  Envelope = 'envelope',
  VideoUrl = 'videoUrl',
  VideoPath = 'videoPath',
  Credits = 'credits',
  Affordable = 'affordable',
  Results = 'results',
  ResultsFile = 'results-file'
}

/** Main-to-post hand-off (GITHUB_STATE); the post step reads them as STATE_<name>. */
export enum State {
  TaskId = 'taskId',
  BaseUrl = 'baseUrl',
  Model = 'model',
  /**
   * Batch mode: the ids of every task created, as JSON lists of at most
   * `TASK_ID_CHUNK` ids under `taskIds0`, `taskIds1`, ... (each write stays small).
   */
  TaskIds = 'taskIds',
  /**
   * The Idempotency-Key of the run's create, saved before the create is sent, so the
   * post step can find a task whose id never came back.
   */
  IdempotencyKey = 'idempotencyKey',
  /** Batch mode: every item's Idempotency-Key before its create, chunked as `TaskIds`. */
  IdempotencyKeys = 'idempotencyKeys',
  /**
   * Each create's key and request (model, body, max credits) before it is sent, one entry
   * per create as `createRequest0`, `createRequest1`, ...: the post step replays a create
   * whose task it cannot find, to claim it.
   */
  CreateRequest = 'createRequest',
  /** `createAnswered<n>`: set once create n answered with its task id (claimed by the id). */
  CreateAnswered = 'createAnswered',
  /**
   * `settled<n>`: a task (and its create's key) that main's own claim after an interrupt
   * cancelled or found past SUBMITTED, so the post step neither cancels nor reports it again.
   */
  Settled = 'settled',
  /** Set when main reached its end without being interrupted. */
  Finished = 'finished'
}

/** Environment variables the seed skill reads; inputs fall back to them when empty. */
export enum EnvFallback {
  ApiKey = 'AIVIDEO_API_KEY',
  TimeoutMs = 'AIVIDEO_TIMEOUT_MS',
  MaxRetries = 'AIVIDEO_MAX_RETRIES',
  BaseUrl = 'AIVIDEO_BASE_URL'
}
