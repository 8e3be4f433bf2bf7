import type { Output } from '../../../../../src/contract';

export type Honour = Output<'report', 'mine'>['items'][number];

/** The certificate's lines, shared by the styled card (WXML) and the saved image (canvas). */
export function certificateLines(h: Honour) {
  return {
    heading: '荣誉证书',
    greeting: `${h.name}同志：`,
    body: `您在${h.year}年度结对关爱留守和困境儿童工作中表现突出，被评为`,
    title: `“${h.title}”`,
    closing: '特发此证，以资鼓励。',
    org: h.orgName,
    date: h.date.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_m, y, m, d) => `${y}年${Number(m)}月${Number(d)}日`),
  };
}

const W = 600;
const H = 800;

/** Draws the certificate on a 2d canvas node and answers a temporary image path (to save or share). */
export function drawCertificate(
  canvas: { width: number; height: number; getContext(kind: '2d'): CanvasRenderingContext2D },
  h: Honour,
  toTempFile: (canvas: unknown) => Promise<string>,
): Promise<string> {
  const l = certificateLines(h);
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff8ee';
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = '#c8102e';
  ctx.lineWidth = 12;
  ctx.strokeRect(24, 24, W - 48, H - 48);
  ctx.textAlign = 'center';
  ctx.fillStyle = '#c8102e';
  ctx.font = 'bold 56px sans-serif';
  ctx.fillText(l.heading, W / 2, 150);
  ctx.textAlign = 'left';
  ctx.fillStyle = '#333';
  ctx.font = '30px sans-serif';
  ctx.fillText(l.greeting, 70, 250);
  // the body wraps at 17 characters a line
  const lines = l.body.match(/.{1,17}/g) ?? [];
  lines.forEach((line, i) => ctx.fillText(i === 0 ? `　　${line}` : line, 70, 310 + i * 50));
  ctx.textAlign = 'center';
  ctx.fillStyle = '#c8102e';
  ctx.font = 'bold 38px sans-serif';
  ctx.fillText(l.title, W / 2, 330 + lines.length * 50 + 30);
  ctx.fillStyle = '#333';
  ctx.font = '30px sans-serif';
  ctx.fillText(l.closing, W / 2, 330 + lines.length * 50 + 110);
  ctx.textAlign = 'right';
  ctx.fillText(l.org, W - 70, H - 170);
  ctx.fillText(l.date, W - 70, H - 120);
  return toTempFile(canvas);
}
