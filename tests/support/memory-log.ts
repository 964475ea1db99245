import type { LogLevel } from "@/env";
import { createLogger, replaceProcessLogger, type Logger } from "@/server/log/logger";

/** One log line as written: the JSON object, parsed. */
export type LogLine = Record<string, unknown> & { level: string; msg: string; requestId?: string };

/** A logger that keeps its lines in memory (each one as written, then parsed), for tests to read. */
export function memoryLogger(level: LogLevel): { log: Logger; lines: LogLine[]; written: string[] } {
  const written: string[] = [];
  const lines: LogLine[] = [];
  const log = createLogger({
    level,
    destination: {
      write(line: string) {
        written.push(line);
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  });
  return { log, lines, written };
}

/** The process's logger replaced by a memory one until the returned restore() is called. */
export function captureProcessLog(level: LogLevel): { lines: LogLine[]; written: string[]; restore(): void } {
  const memory = memoryLogger(level);
  const previous = replaceProcessLogger(memory.log);
  return { lines: memory.lines, written: memory.written, restore: () => void replaceProcessLogger(previous) };
}
