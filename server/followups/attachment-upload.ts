import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../../shared/errors.ts';
import { ATTACHMENT_MAX_BYTES } from '../../shared/schemas/followup.ts';
import { sniffAttachment } from './attachments.ts';

/** A file received and checked, still under its temporary name until the answer is written. */
export interface StagedAttachment {
  name: string;
  path: string;
  mime: string;
  ext: string;
  size: number;
}

/** The longest signature `sniffAttachment` reads (WebP: "RIFF", four bytes, "WEBP"). */
const HEAD_BYTES = 12;
/** A field is a line of text or an answer of 10,000 characters, in UTF-8. */
const FIELD_MAX_BYTES = 64 * 1024;

/**
 * Reads an answer sent as multipart/form-data: its text fields, and its one file, `attachment`, streamed to `dir`
 * as it arrives. The type is checked on the first bytes and the size on every chunk, so a file that is not a PDF
 * or an image, or is larger than 5 MB, is cut off there; a cut-off or aborted upload leaves no file behind.
 */
export async function readAnswerUpload(req: Request, dir: string): Promise<{ fields: Record<string, string>; file: StagedAttachment | null }> {
  await mkdir(dir, { recursive: true });
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let staged: StagedAttachment | null = null;
    let out: WriteStream | null = null;
    let writing: Promise<void> = Promise.resolve();
    let failed = false;
    const parser = busboy({ headers: req.headers, limits: { files: 1, fields: 8, parts: 9, fieldSize: FIELD_MAX_BYTES, fileSize: ATTACHMENT_MAX_BYTES } });

    function fail(error: AppError) {
      if (failed) return;
      failed = true;
      // Busboy is left to itself, unfed: destroying it mid-part throws inside it.
      req.unpipe(parser);
      out?.destroy();
      const path = staged?.path;
      void writing.finally(() => (path ? rm(path, { force: true }) : undefined)).then(() => reject(error), () => reject(error));
    }

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new AppError('payload_too_large', `${name}: larger than ${FIELD_MAX_BYTES / 1024} KB`));
      else fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      if (field !== 'attachment') {
        stream.resume();
        return fail(new AppError('bad_request', `unexpected file field ${field}; the file goes in "attachment"`));
      }
      const file: StagedAttachment = { name: info.filename || 'attachment', path: join(dir, `${randomBytes(12).toString('hex')}.part`), mime: '', ext: '', size: 0 };
      staged = file;
      const sink = createWriteStream(file.path, { flags: 'wx' });
      out = sink;
      writing = new Promise((done, broke) => {
        sink.on('close', done);
        sink.on('error', broke);
      });
      let head = Buffer.alloc(0);
      stream.on('data', (chunk: Buffer) => {
        if (failed) return;
        file.size += chunk.length;
        if (!file.mime) {
          head = Buffer.concat([head, chunk]).subarray(0, HEAD_BYTES);
          if (head.length >= HEAD_BYTES) {
            const kind = sniffAttachment(head);
            if (!kind) return fail(new AppError('bad_request', 'attachment: only PDF, PNG, JPEG or WebP files are accepted'));
            file.mime = kind.mime;
            file.ext = kind.ext;
          }
        }
        sink.write(chunk);
      });
      stream.on('limit', () => fail(new AppError('payload_too_large', `attachment: larger than ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`)));
      stream.on('end', () => {
        sink.end();
        if (failed) return;
        if (file.size === 0) return fail(new AppError('bad_request', 'attachment: the file is empty'));
        if (!file.mime) {
          const kind = sniffAttachment(head);
          if (!kind) return fail(new AppError('bad_request', 'attachment: only PDF, PNG, JPEG or WebP files are accepted'));
          file.mime = kind.mime;
          file.ext = kind.ext;
        }
      });
    });
    parser.on('filesLimit', () => fail(new AppError('bad_request', 'only one attachment per answer')));
    parser.on('fieldsLimit', () => fail(new AppError('bad_request', 'too many fields')));
    parser.on('partsLimit', () => fail(new AppError('bad_request', 'too many parts')));
    parser.on('error', () => fail(new AppError('bad_request', 'unreadable multipart body')));
    req.on('error', () => fail(new AppError('bad_request', 'the upload was interrupted')));
    parser.on('close', () => {
      void writing.then(
        () => (failed ? undefined : resolve({ fields, file: staged })),
        () => fail(new AppError('internal', 'the attachment could not be stored')),
      );
    });
    req.on('close', () => {
      if (!req.complete) fail(new AppError('bad_request', 'the upload was interrupted'));
    });
    req.pipe(parser);
  });
}
