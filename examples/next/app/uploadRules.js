// What the image field takes, in one place: the page tells the user and refuses the file before any request, and
// the presign route enforces the same rules on the server (the browser's checks can be skipped).
export const IMAGE_ACCEPT = 'image/*';
export const IMAGE_MAX_SIZE = 20 * 1024 * 1024;
