import { existsSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDb } from "@/db/content/client";
import { auditLog, media } from "@/db/content/schema";
import { deleteMedia, listMedia, MEDIA_MAX_BYTES, readMediaFile, uploadMedia } from "./media";
import { setupContentTest } from "./testing";

let temp: Awaited<ReturnType<typeof setupContentTest>>;
const editor = { id: "staff-1", email: "editor@skyport.test" };
beforeAll(async () => {
  temp = await setupContentTest();
});
afterAll(() => temp?.cleanup());

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#0b62c4" } }).png().toBuffer();

describe("media uploads", () => {
  it("stores a real image, re-encoded, with resized WebP copies, and serves only recorded files", async () => {
    const jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: "#13a38a" } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: "secret-gps-place" } } })
      .toBuffer();
    const view = await uploadMedia(editor, { filename: "../../Team photo.JPG", bytes: jpeg, alt: "The team" });
    expect(view).toMatchObject({ mimeType: "image/jpeg", width: 1600, height: 900, alt: "The team", filename: "Team-photo.JPG" });
    expect(view.variants.map((v) => [v.width, v.height])).toEqual([[320, 180], [640, 360], [1280, 720]]);
    expect(view.displayUrl).toBe(`/media/${view.id}/1280.webp`);
    expect(existsSync(path.join(temp.dir, "media", view.id, "original.jpg"))).toBe(true);

    const original = await readMediaFile(view.id, "original.jpg");
    expect(original?.mimeType).toBe("image/jpeg");
    expect(original!.bytes.includes(Buffer.from("secret-gps-place"))).toBe(false);
    const small = await readMediaFile(view.id, "320.webp");
    expect((await sharp(small!.bytes).metadata()).format).toBe("webp");
    expect(await readMediaFile(view.id, "../identity.db")).toBeNull();
    expect(await readMediaFile(view.id, "original.png")).toBeNull();
    expect(await readMediaFile("00000000-0000-0000-0000-000000000000", "original.jpg")).toBeNull();

    const [audit] = await contentDb().select().from(auditLog).where(eq(auditLog.entityId, view.id));
    expect(audit).toMatchObject({ action: "media.upload", actorId: "staff-1" });
    expect((await listMedia()).total).toBe(1);

    // Small images are not upscaled.
    const tiny = await uploadMedia(editor, { filename: "dot.png", bytes: await png(300, 200) });
    expect(tiny.variants).toEqual([]);
    expect(tiny.displayUrl).toBe(`/media/${tiny.id}/original.png`);

    await deleteMedia(editor, view.id);
    expect(existsSync(path.join(temp.dir, "media", view.id))).toBe(false);
    expect(await readMediaFile(view.id, "original.jpg")).toBeNull();
  });

  it("rejects files that are not an accepted image whatever their name says, and files too large", async () => {
    const script = Buffer.from("<script>alert(1)</script>");
    await expect(uploadMedia(editor, { filename: "cat.png", bytes: script })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { file: [expect.stringContaining("not an image")] } });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><rect width="10" height="10"/></svg>');
    await expect(uploadMedia(editor, { filename: "logo.png", bytes: svg })).rejects.toMatchObject({ fieldErrors: { file: [expect.stringContaining("SVG files are not accepted")] } });
    const tiff = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } }).tiff().toBuffer();
    await expect(uploadMedia(editor, { filename: "scan.jpg", bytes: tiff })).rejects.toMatchObject({ fieldErrors: { file: [expect.stringContaining("TIFF files are not accepted")] } });
    const big = Buffer.concat([await png(10, 10), Buffer.alloc(MEDIA_MAX_BYTES)]);
    await expect(uploadMedia(editor, { filename: "big.png", bytes: big })).rejects.toMatchObject({ fieldErrors: { file: [expect.stringContaining("larger than 5 MB")] } });
    await expect(uploadMedia(editor, { filename: "empty.png", bytes: Buffer.alloc(0) })).rejects.toMatchObject({ fieldErrors: { file: ["Choose an image to upload."] } });
    expect(await contentDb().select({ id: media.id }).from(media)).toHaveLength(1);
  });
});
