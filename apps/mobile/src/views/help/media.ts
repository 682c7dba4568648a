import { ATTACHMENT_MAX_BYTES, PHOTO_TYPES, baseType, fitWithin, needsReencode, pickVoiceType } from './help';

/** A photo or recording ready for POST /attachments: the bytes and the bare type to send. */
export interface Prepared {
  blob: Blob;
  type: string;
}

/** Thrown when a file cannot be sent; `reason` is the i18n key of what to tell the person. */
export class MediaError extends Error {
  constructor(readonly reason: 'help.photoUnreadable' | 'help.photoTooLarge' | 'help.voiceFailed') {
    super(reason);
    this.name = 'MediaError';
  }
}

interface Decoded {
  source: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      // Turned the way the camera held it (EXIF), as an <img> would show it.
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
    } catch {
      // older browsers: fall back to an <img>
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) };
  } catch (error) {
    URL.revokeObjectURL(url);
    throw error;
  }
}

/**
 * A photo as the server takes it: a phone's 12-megapixel photo becomes a JPEG of at most 1600 px on
 * its long side (a few hundred KB), drawn on a canvas in the browser; a small JPEG, PNG or WebP goes
 * as it is.
 */
export async function preparePhoto(file: File): Promise<Prepared> {
  let decoded: Decoded;
  try {
    decoded = await decode(file);
  } catch {
    // Cannot draw it here; the server may still take it as it is.
    if ((PHOTO_TYPES as readonly string[]).includes(baseType(file.type)) && file.size <= ATTACHMENT_MAX_BYTES)
      return { blob: file, type: baseType(file.type) };
    throw new MediaError('help.photoUnreadable');
  }
  try {
    if (!needsReencode(file, decoded.width, decoded.height)) return { blob: file, type: baseType(file.type) };
    const { width, height } = fitWithin(decoded.width, decoded.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new MediaError('help.photoUnreadable');
    // JPEG has no transparency: a white page behind a PNG's clear parts, not black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(decoded.source, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob) throw new MediaError('help.photoUnreadable');
    if (blob.size > ATTACHMENT_MAX_BYTES) throw new MediaError('help.photoTooLarge');
    return { blob, type: 'image/jpeg' };
  } finally {
    decoded.close();
  }
}

/** Whether this browser can record a voice note (and so whether to show the button at all). */
export function canRecordVoice(): boolean {
  if (typeof window === 'undefined' || typeof MediaRecorder === 'undefined') return false;
  if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function') return false;
  return pickVoiceType((m) => MediaRecorder.isTypeSupported(m)) !== null;
}

/** One recording from the microphone, stopped by the person or after `maxSeconds`. */
export interface VoiceRecording {
  /** Resolves with the recording once stopped. */
  done: Promise<Prepared>;
  stop(): void;
}

export async function startVoice(maxSeconds: number): Promise<VoiceRecording> {
  const mime = pickVoiceType((m) => MediaRecorder.isTypeSupported(m));
  if (!mime) throw new MediaError('help.voiceFailed');
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const recorder = new MediaRecorder(stream, { mimeType: mime });
  const chunks: Blob[] = [];
  recorder.addEventListener('dataavailable', (e) => {
    if (e.data.size) chunks.push(e.data);
  });
  const done = new Promise<Prepared>((resolve, reject) => {
    recorder.addEventListener('stop', () => {
      for (const track of stream.getTracks()) track.stop();
      const type = baseType(recorder.mimeType || mime);
      const blob = new Blob(chunks, { type });
      if (!blob.size) reject(new MediaError('help.voiceFailed'));
      else resolve({ blob, type });
    });
    recorder.addEventListener('error', () => {
      for (const track of stream.getTracks()) track.stop();
      reject(new MediaError('help.voiceFailed'));
    });
  });
  const timer = setTimeout(() => stop(), maxSeconds * 1000);
  function stop(): void {
    clearTimeout(timer);
    if (recorder.state !== 'inactive') recorder.stop();
  }
  recorder.start();
  return { done, stop };
}
