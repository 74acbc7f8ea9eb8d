node_modules/
*.log
.DS_Store
