import Link from "next/link";
import type { PostSummary } from "@/lib/content/queries";
import { contentStrings } from "../strings";

const t = contentStrings.blog;
export const formatPostDate = (iso: string) => new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));

/** Author · date · reading time, as one line. */
export function PostMeta({ post, linkAuthor = true }: { post: PostSummary; linkAuthor?: boolean }) {
  return (
    <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-muted">
      {post.author &&
        (linkAuthor ? (
          <Link href={`/blog/author/${post.author.slug}`} className="font-medium text-fg hover:underline">
            {post.author.name}
          </Link>
        ) : (
          <span className="font-medium text-fg">{post.author.name}</span>
        ))}
      {post.author && <span aria-hidden="true">·</span>}
      <time dateTime={post.publishedAt}>{formatPostDate(post.publishedAt)}</time>
      <span aria-hidden="true">·</span>
      <span>{t.minRead(post.readingMinutes)}</span>
    </p>
  );
}

/** A post in a list: the title is the link (the whole card is clickable through it). */
export function PostCard({ post, headingLevel = 2, large = false }: { post: PostSummary; headingLevel?: 2 | 3; large?: boolean }) {
  const Heading = `h${headingLevel}` as const;
  return (
    <article className="relative flex h-full flex-col gap-3 rounded-xl border border-border bg-surface p-5 transition-colors hover:border-border-strong" data-testid="post-card">
      {post.cover && (
        // eslint-disable-next-line @next/next/no-img-element -- our own resized copies, with srcset
        <img
          src={post.cover.url}
          srcSet={post.cover.srcSet || undefined}
          sizes={large ? "(min-width: 1024px) 60vw, 100vw" : "(min-width: 1024px) 30vw, 100vw"}
          alt=""
          width={post.cover.width ?? undefined}
          height={post.cover.height ?? undefined}
          loading="lazy"
          decoding="async"
          className="aspect-[1.91/1] w-full rounded-lg bg-surface-muted object-cover"
        />
      )}
      {post.category && <p className="text-xs font-semibold tracking-wide text-brand uppercase">{post.category.name}</p>}
      <Heading className={large ? "text-2xl font-semibold tracking-tight text-fg" : "text-lg font-semibold tracking-tight text-fg"}>
        <Link href={`/blog/${post.slug}`} className="after:absolute after:inset-0 hover:underline focus-visible:outline-none">
          {post.title}
        </Link>
      </Heading>
      {post.excerpt && <p className="text-muted">{post.excerpt}</p>}
      <div className="mt-auto">
        <PostMeta post={post} linkAuthor={false} />
      </div>
    </article>
  );
}
