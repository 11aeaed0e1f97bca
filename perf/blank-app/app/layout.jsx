// The floor for first-load JavaScript: the smallest App Router app, built by `npm run bench:js`
// with the same Next.js, so every route's figure can be read against it.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
