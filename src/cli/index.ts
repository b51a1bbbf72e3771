export { runCli, EXIT_OK, EXIT_NOT_OK, EXIT_USAGE, type CliIo } from './main.js'
