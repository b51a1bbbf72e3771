/**
 * The agent face: `import { createMcpServer } from 'aivideomaker-action/mcp'`, or
 * `aivideomaker mcp` on the command line (stdio).
 */
export { createMcpServer, serveMcpOverStdio, type McpServerHandle, type McpServerOptions } from './server.js';
export { TOOLS, type ToolSpec } from './tool-catalog.js';
