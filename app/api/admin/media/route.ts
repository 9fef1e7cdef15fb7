/**
 * Image upload for the CMS (multipart: `file`, optional `alt`). A route handler rather than a server action so
 * uploads up to the media limit are not cut by the server-action body limit. Same-origin only: the session
 * cookie alone must not let another site upload.
 */
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";
import { MEDIA_MAX_BYTES, uploadMedia } from "@/lib/content/media";
import { AppError, toHttpResponse, validation } from "@/lib/errors";

function assertSameOrigin(request: Request) {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const sameOrigin = origin ? (() => { try { return new URL(origin).host === host; } catch { return false; } })() : site === "same-origin";
  if (!sameOrigin || (site && site !== "same-origin")) throw new AppError("FORBIDDEN", "Uploads are only accepted from this site.");
}

export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const actor = await authorizeStaff("content.write");
    const declared = Number(request.headers.get("content-length") ?? "0");
    // Multipart framing adds a little; anything far beyond the limit is refused before it is read.
    if (declared > MEDIA_MAX_BYTES + 64 * 1024) throw validation({ file: [`The image is larger than ${MEDIA_MAX_BYTES / 1024 / 1024} MB.`] });
    const form = await request.formData();
    const file = form.get("file");
    if (!(file instanceof File)) throw validation({ file: ["Choose an image to upload."] });
    if (file.size > MEDIA_MAX_BYTES) throw validation({ file: [`The image is larger than ${MEDIA_MAX_BYTES / 1024 / 1024} MB.`] });
    const view = await uploadMedia(await auditActorFor(actor), {
      filename: file.name,
      bytes: Buffer.from(await file.arrayBuffer()),
      alt: typeof form.get("alt") === "string" ? String(form.get("alt")) : null,
    });
    return Response.json({ ok: true, data: view }, { status: 201 });
  } catch (error) {
    return toHttpResponse(error);
  }
}
