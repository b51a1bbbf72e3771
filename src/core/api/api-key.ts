import { actionableMessage } from './errors.js'
import { LIBRARY_LABELS, type SettingLabels, type SettingRefusal } from './setting-labels.js'

/**
 * What an HTTP header value can carry: visible Latin-1 and the space. Node refuses the
 * rest (a NUL, a line break, `€`) when the request is built, which used to surface as a
 * network failure that was retried and blamed on connectivity.
 */
const NOT_IN_A_HEADER = /[^\u0020-\u007e\u00a0-\u00ff]/

/**
 * Refuses a key that no HTTP header can carry, before anything is sent. The message never
 * shows the key, nor the offending character (it is part of the secret).
 */
export function checkApiKey(
  apiKey: string,
  labels: SettingLabels = LIBRARY_LABELS
): SettingRefusal | null {
  const index = apiKey.search(NOT_IN_A_HEADER)
  if (index < 0) return null
  return {
    ok: false,
    setting: 'apiKey',
    errorCode: 'INVALID_INPUT',
    errorMessage: actionableMessage(
      'INVALID_INPUT',
      `${labels.apiKey} holds a character an HTTP header cannot carry (at position ${index + 1}: a control character such as NUL or a line break, or one outside Latin-1 such as a euro sign or an emoji); copy the key again from the dashboard`
    )
  }
}
