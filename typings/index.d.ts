/// <reference types="miniprogram-api-typings" />
