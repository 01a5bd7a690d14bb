// Bytes crossing from the worker: structured cloning turns a Buffer into a plain Uint8Array, and
// the application reads them as Buffers (as SQLite's store returns them). The few repository
// methods that return bytes get them back as Buffers over the same memory (no copy).
const RETURNS_BYTES = new Set(['mail.mailMessage', 'mail.rejectedMessageRaw', 'exchange.attachmentsOf']);

export function reviveBytes(repo: string, method: string, value: unknown): unknown {
  return RETURNS_BYTES.has(`${repo}.${method}`) ? revive(value) : value;
}

function revive(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof Map) {
    for (const [key, item] of value) value.set(key, revive(item));
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = revive(record[key]);
  }
  return value;
}
