import 'media-uploader/styles.css';

export const metadata = { title: 'media-uploader with Next.js' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
