import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleView } from "@/components/reader/article-view";
import { getDocumentBySlug } from "@/server/documents/get-document";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const document = await getDocumentBySlug((await params).slug);
  return { title: document?.title ?? "Not found" };
}

// A document, server-rendered: its text is in the HTML before any JavaScript runs.
export default async function ReadPage({ params }: Props) {
  const document = await getDocumentBySlug((await params).slug);
  if (!document) notFound();
  return <ArticleView document={document} />;
}
