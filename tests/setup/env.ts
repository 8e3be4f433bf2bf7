// Local runs never probe Tencent Cloud's metadata host (see CLOUDBASE-NOTES.md).
process.env.TENCENTCLOUD = 'true';
process.env.TZ = process.env.TZ || 'UTC'; // prove that no code depends on the machine's zone
