'use strict';
// Eddy's runtime for nodejs* Lambda functions.
//
// Eddy starts this file on the local node with AWS's environment (AWS_LAMBDA_RUNTIME_API,
// _HANDLER, LAMBDA_TASK_ROOT ...). It loads the handler once (CommonJS, or an ES module for .mjs
// files and "type": "module" packages), then loops over the Runtime API: fetch the next
// invocation, call the handler (async, promise-returning or callback style), post its result or
// its error as AWS's node runtime shapes them.

const fs = require('fs');
const http = require('http');
const path = require('path');
const { pathToFileURL } = require('url');
const util = require('util');

const API_PREFIX = '/2018-06-01/runtime';
const [apiHost, apiPort] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function callApi(method, urlPath, body, headers) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: apiHost, port: apiPort, method, path: API_PREFIX + urlPath, agent, headers },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) })
        );
        response.on('error', reject);
      }
    );
    request.on('error', reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

// The invocation running now: console lines carry its id ("undefined" before the first one).
let currentRequestId;

// console.* writes as AWS's node runtime does: one stdout line per call, "<ISO time>\t<request
// id>\t<LEVEL>\t<text>", a multi-line message kept on one line by carriage returns.
function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...params) => {
      const line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(...params)}`;
      process.stdout.write(line.replace(/\n/g, '\r') + '\n');
    };
  }
}

function post(urlPath, document, errorType) {
  const headers = { 'Content-Type': 'application/json' };
  if (errorType) headers['Lambda-Runtime-Function-Error-Type'] = errorType;
  return callApi('POST', urlPath, document, headers);
}

class InitError extends Error {
  constructor(errorType, message, cause) {
    super(message);
    this.errorType = errorType;
    if (cause && cause.stack) this.stack = cause.stack;
  }
}

function errorDocument(error) {
  if (error instanceof Error) {
    return {
      errorType: error.errorType || error.name,
      errorMessage: error.message,
      trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

// The module file _HANDLER names: "dir/app.handler" is dir/app.{js,mjs,cjs} under the task root.
function resolveModule(taskRoot, modulePath) {
  for (const extension of ['.js', '.mjs', '.cjs']) {
    const file = path.resolve(taskRoot, modulePath + extension);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

// Whether the nearest package.json inside the task root says "type": "module".
function isModulePackage(file, taskRoot) {
  const root = path.resolve(taskRoot);
  for (let directory = path.dirname(file); ; directory = path.dirname(directory)) {
    const manifest = path.join(directory, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      } catch (e) {
        return false;
      }
    }
    if (directory === root || directory === path.dirname(directory)) return false;
  }
}

async function loadHandler(handlerName, taskRoot) {
  const base = path.basename(handlerName);
  const dot = base.indexOf('.');
  if (dot <= 0 || dot === base.length - 1) {
    throw new InitError('Runtime.MalformedHandlerName', `Bad handler ${handlerName}`);
  }
  const modulePath = path.join(path.dirname(handlerName), base.slice(0, dot));
  const functionPath = base.slice(dot + 1).split('.');
  const file = resolveModule(taskRoot, modulePath);
  if (!file) {
    throw new InitError(
      'Runtime.ImportModuleError',
      `Error: Cannot find module '${modulePath}'\nRequire stack:\n- ${__filename}`
    );
  }
  let loaded;
  try {
    const esm = file.endsWith('.mjs') || (file.endsWith('.js') && isModulePackage(file, taskRoot));
    loaded = esm ? await import(pathToFileURL(file).href) : require(file);
  } catch (e) {
    if (e instanceof SyntaxError) {
      throw new InitError('Runtime.UserCodeSyntaxError', `${e.name}: ${e.message}`, e);
    }
    if (e && e.code === 'MODULE_NOT_FOUND') {
      throw new InitError('Runtime.ImportModuleError', `Error: ${e.message}`, e);
    }
    throw e;
  }
  let handler = loaded;
  for (const name of functionPath) handler = handler == null ? undefined : handler[name];
  if (typeof handler !== 'function') {
    throw new InitError(
      'Runtime.HandlerNotFound',
      `${path.basename(modulePath)}.${functionPath.join('.')} is undefined or not exported`
    );
  }
  return handler;
}

function headerJson(headers, name) {
  const text = headers[name];
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    return undefined;
  }
}

function makeContext(headers, settle) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: headerJson(headers, 'lambda-runtime-cognito-identity'),
    clientContext: headerJson(headers, 'lambda-runtime-client-context'),
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    // The legacy completion methods, still honoured by AWS's runtime.
    succeed: (value) => settle(null, value),
    fail: (error) => settle(error),
    done: (error, value) => settle(error, value),
  };
}

// Runs the handler to its result: a returned promise, or the callback (a handler declared with
// three parameters, or one that calls context.succeed/fail/done).
function runHandler(handler, event, headers) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error, value) => {
      if (settled) return;
      settled = true;
      if (error !== null && error !== undefined) reject(error);
      else resolve(value);
    };
    const context = makeContext(headers, settle);
    let returned;
    try {
      returned = handler(event, context, settle);
    } catch (e) {
      settle(e);
      return;
    }
    if (returned && typeof returned.then === 'function') {
      returned.then((value) => settle(null, value), (error) => settle(error));
    } else if (handler.length < 3) {
      // A synchronous handler that takes no callback: AWS answers null.
      settle(null, null);
    }
  });
}

async function invoke(handler, next) {
  const headers = next.headers;
  const requestId = headers['lambda-runtime-aws-request-id'];
  currentRequestId = requestId;
  if (headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
  else delete process.env._X_AMZN_TRACE_ID;
  let result;
  try {
    const text = next.body.toString('utf8');
    const event = text.length > 0 ? JSON.parse(text) : undefined;
    result = await runHandler(handler, event, headers);
  } catch (error) {
    const document = errorDocument(error);
    console.error('Invoke Error', `\t${JSON.stringify(document)}`);
    await post(`/invocation/${requestId}/error`, JSON.stringify(document), document.errorType);
    return;
  }
  let payload;
  try {
    payload = JSON.stringify(result === undefined ? null : result);
  } catch (error) {
    const document = {
      errorType: 'Runtime.MarshalError',
      errorMessage: `Unable to stringify response body: ${error.message}`,
      trace: [],
    };
    await post(`/invocation/${requestId}/error`, JSON.stringify(document), document.errorType);
    return;
  }
  await post(`/invocation/${requestId}/response`, payload);
}

async function main() {
  patchConsole();
  const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
  let handler;
  try {
    handler = await loadHandler(process.env._HANDLER || '', taskRoot);
  } catch (error) {
    const document = errorDocument(error);
    console.error(JSON.stringify(document));
    await post('/init/error', JSON.stringify(document), document.errorType);
    process.exit(1);
  }
  for (;;) {
    const next = await callApi('GET', '/invocation/next');
    if (next.status !== 200) throw new Error(`Runtime API answered ${next.status} to next`);
    await invoke(handler, next);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
