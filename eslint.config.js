import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'skills/aivideomaker/scripts/aivideomaker.mjs',
      'lib/**',
      'node_modules/**',
      'coverage/**',
      'bench/.work/**',
      '.tmp/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off'
    }
  },
  {
    // The core stays pure: no runner toolkit, no environment reads.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@actions/core', '@actions/github'] }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'src/core must not read process.env' }
      ]
    }
  }
)
